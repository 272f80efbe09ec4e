// The achievement types the OB 3.0 vocabulary names (the AchievementCredential schema's
// Achievement.achievementType enum), written out so that building a credential does not import
// the 50 KB schema and ajv with it: intake and review bundle build.ts, never the validator.
// schema.test.ts checks this list against the schema.

/** The achievement types the OB 3.0 vocabulary names; anything else must be an `ext:` term. */
export const ACHIEVEMENT_TYPES: readonly string[] = [
  'Achievement',
  'ApprenticeshipCertificate',
  'Assessment',
  'Assignment',
  'AssociateDegree',
  'Award',
  'Badge',
  'BachelorDegree',
  'Certificate',
  'CertificateOfCompletion',
  'Certification',
  'CommunityService',
  'Competency',
  'Course',
  'CoCurricular',
  'Degree',
  'Diploma',
  'DoctoralDegree',
  'Fieldwork',
  'GeneralEducationDevelopment',
  'JourneymanCertificate',
  'LearningProgram',
  'License',
  'Membership',
  'ProfessionalDoctorate',
  'QualityAssuranceCredential',
  'MasterCertificate',
  'MasterDegree',
  'MicroCredential',
  'ResearchDoctorate',
  'SecondarySchoolDiploma',
];
