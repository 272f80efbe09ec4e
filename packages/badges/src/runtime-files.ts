// What the renderer loads at run time, outside any bundle: the native resvg addon and these Inter
// files. One list, read by render.ts and by the CDK bundling that ships them beside the Lambda code.
export const RESVG_MODULE = '@resvg/resvg-js';
export const FONT_PACKAGE = '@expo-google-fonts/inter';
export const FONT_FILES = ['400Regular/Inter_400Regular.ttf', '600SemiBold/Inter_600SemiBold.ttf', '700Bold/Inter_700Bold.ttf'] as const;
