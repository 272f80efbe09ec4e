// The badge pages' one script, published as /assets/badge.js (same origin: the pages' CSP allows
// 'self' and no inline script). It reads its words from the page (data-* attributes in the page's
// language), so one file serves every language. Everything it writes goes through textContent.
//  - verifies the credential on open: fetches /credentials/{id}.json, POSTs it to /verify, and
//    announces Verified / Not verified (the failed check) / Revoked / Suspended in role="status";
//  - checks an e-mail address against the credential's salted hash, in the browser only;
//  - shows the copy buttons and copies a field's value.
export const BADGE_SCRIPT = `'use strict';
(function () {
  var status = document.getElementById('verify-status');
  if (!status) return;
  var words = status.dataset;
  var credential = fetch(words.credential, { headers: { Accept: 'application/json' } }).then(function (response) {
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return response.json();
  });

  function announce(message, verdict) {
    status.textContent = message;
    status.className = verdict || '';
  }
  function statusWord(check) {
    // The status check names each failed entry: "revoked (...)" or "suspended (...)", joined by "; ".
    var parts = String(check.message).split('; ');
    if (parts.some(function (p) { return p.indexOf('revoked ') === 0; })) return words.revoked;
    if (parts.some(function (p) { return p.indexOf('suspended ') === 0; })) return words.suspended;
    return undefined;
  }

  announce(words.checking);
  credential
    .then(function (body) {
      return fetch(words.verify, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    })
    .then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    })
    .then(function (answer) {
      if (answer.verified) return announce(words.verified, 'ok');
      var checks = answer.checks || [];
      var statusCheck = checks.filter(function (c) { return c.name === 'status' && !c.ok; })[0];
      var word = statusCheck && statusWord(statusCheck);
      if (word) return announce(word, 'failed');
      var failed = checks.filter(function (c) { return !c.ok; })[0];
      announce(words.notVerified.replace('{check}', failed ? failed.name + ': ' + failed.message : ''), 'failed');
    })
    .catch(function (error) {
      announce(words.cannotCheck.replace('{reason}', String(error && error.message ? error.message : error)), 'failed');
    });

  // Check the recipient: SHA-256 of the lower-cased address + the salt, as OB 3.0's IdentityObject says.
  var form = document.getElementById('recipient-form');
  var result = document.getElementById('recipient-result');
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  if (form && result && window.crypto && crypto.subtle) {
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var email = document.getElementById('recipient-email').value.trim().toLowerCase();
      if (!email) return;
      credential.then(function (body) {
        var subject = body.credentialSubject || {};
        var identifiers = [].concat(subject.identifier || []).filter(function (i) { return i && i.identityType === 'emailAddress'; });
        return Promise.all(identifiers.map(function (i) {
          var stated = String(i.identityHash || '').toLowerCase();
          if (i.hashed !== true) return stated === email;
          return crypto.subtle.digest('SHA-256', new TextEncoder().encode(email + (i.salt || ''))).then(function (digest) {
            return stated === 'sha256$' + hex(digest);
          });
        }));
      }).then(function (matches) {
        var data = form.dataset;
        result.textContent = (matches.indexOf(true) >= 0 ? data.yes : data.no).replace('{email}', email);
      }).catch(function (error) {
        result.textContent = words.cannotCheck.replace('{reason}', String(error));
      });
    });
  }

  // Copy buttons: hidden without the script (the fields stay selectable, read-only inputs).
  var copyStatus = document.getElementById('copy-status');
  Array.prototype.forEach.call(document.querySelectorAll('button[data-copy]'), function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var field = document.getElementById(button.dataset.copy);
      var done = function () { copyStatus.textContent = button.dataset.copied; };
      var fallback = function () {
        field.select();
        try {
          if (document.execCommand('copy')) return done();
        } catch (error) { /* reported below */ }
        copyStatus.textContent = copyStatus.dataset.failed;
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(field.value).then(done, fallback);
      else fallback();
    });
  });
})();
`;
