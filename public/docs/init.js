// Boots Swagger UI against this server's OpenAPI document. Kept as a file (not
// inline) so the docs page's CSP can forbid inline scripts.
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: true,
    validatorUrl: null,
    displayRequestDuration: true,
    // The filter box narrows the operation list by tag; long documents need it.
    filter: true,
  });
});
