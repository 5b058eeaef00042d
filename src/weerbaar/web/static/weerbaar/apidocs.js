// The API documentation page: Swagger UI (vendored) on the API's own OpenAPI document.
// No inline script: the page's Content-Security-Policy allows scripts from this origin only.
(function () {
  "use strict";
  var holder = document.getElementById("wb-apidocs");
  if (!holder || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: holder.dataset.url,
    domNode: holder,
    // Deep links would put a link inside each operation's button (axe: nested-interactive).
    deepLinking: false,
    // Requests from the page would need a token; the page documents, it does not call.
    supportedSubmitMethods: [],
    defaultModelsExpandDepth: 0,
    docExpansion: "list",
    syntaxHighlight: false,
  });
})();
