// WebAuthn ceremonies for forms marked data-webauthn="register" or "authenticate".
// The server renders the options (JSON) into the page; this script asks the browser's
// authenticator, puts its JSON answer into the hidden "credential" field and submits the form.
(function () {
  "use strict";

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var padded = base64 + "===".slice((base64.length + 3) % 4);
    var binary = atob(padded);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function decodeDescriptors(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  function publicKeyOptions(ceremony, options) {
    var copy = JSON.parse(JSON.stringify(options));
    copy.challenge = toBytes(copy.challenge);
    if (ceremony === "register") {
      copy.user.id = toBytes(copy.user.id);
      copy.excludeCredentials = decodeDescriptors(copy.excludeCredentials);
    } else {
      copy.allowCredentials = decodeDescriptors(copy.allowCredentials);
    }
    return copy;
  }

  function credentialJSON(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults
        ? credential.getClientExtensionResults()
        : {},
      response: { clientDataJSON: toBase64url(response.clientDataJSON) },
    };
    if (credential.authenticatorAttachment) {
      json.authenticatorAttachment = credential.authenticatorAttachment;
    }
    if (response.attestationObject) {
      json.response.attestationObject = toBase64url(response.attestationObject);
      if (response.getTransports) json.response.transports = response.getTransports();
    }
    if (response.authenticatorData) {
      json.response.authenticatorData = toBase64url(response.authenticatorData);
      json.response.signature = toBase64url(response.signature);
      if (response.userHandle) json.response.userHandle = toBase64url(response.userHandle);
    }
    return json;
  }

  function setUp(form) {
    var ceremony = form.getAttribute("data-webauthn");
    var source = document.getElementById(form.getAttribute("data-webauthn-options"));
    var status = form.querySelector("[data-webauthn-status]");
    var button = form.querySelector("button[type=submit]");

    function say(text) {
      status.textContent = text;
      status.hidden = false;
    }

    if (!window.PublicKeyCredential || !navigator.credentials) {
      say(form.getAttribute("data-unsupported-text"));
      button.disabled = true;
      return;
    }
    if (window.location.origin !== form.getAttribute("data-expected-origin")) {
      say(form.getAttribute("data-origin-text"));
      button.disabled = true;
      return;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      status.hidden = true;
      button.disabled = true;
      var options = { publicKey: publicKeyOptions(ceremony, JSON.parse(source.textContent)) };
      var ask = ceremony === "register"
        ? navigator.credentials.create(options)
        : navigator.credentials.get(options);
      ask.then(function (credential) {
        form.elements.credential.value = JSON.stringify(credentialJSON(credential));
        form.submit();
      }).catch(function () {
        button.disabled = false;
        say(form.getAttribute("data-error-text"));
      });
    });
  }

  document.querySelectorAll("form[data-webauthn]").forEach(setUp);
})();
