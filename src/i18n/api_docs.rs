//! Words: the API's documentation page.

crate::i18n::texts! {
    /// Words: the API's documentation page.
    pub struct DocsTexts {
        title: "Documentation de l'API"
            / "API documentation",
        intro: "Les connecteurs des collectivités lisent et écrivent par cette API JSON. Cette page est tirée de sa description OpenAPI 3.1, à télécharger pour les outils :"
            / "Member bodies' connectors read and write through this JSON API. This page is drawn from its OpenAPI 3.1 description, which tools can download:",
        download: "description OpenAPI (JSON)"
            / "OpenAPI description (JSON)",
        english_note: "Les descriptions des opérations et des champs sont en anglais."
            / "",
        base_address: "Adresse de base"
            / "Base address",
        contents: "Sommaire"
            / "Contents",
        authentication: "Authentification"
            / "Authentication",
        operations: "Opérations"
            / "Operations",
        schemas: "Schémas"
            / "Schemas",
        access: "Accès"
            / "Access",
        token_required: "jeton personnel requis"
            / "personal access token required",
        token_optional: "public ; avec un jeton personnel, la réponse peut en montrer davantage"
            / "public; with a personal access token, the answer may show more",
        public: "public, sans jeton"
            / "public, no token",
        parameters: "Paramètres"
            / "Parameters",
        request_body: "Corps de la requête"
            / "Request body",
        responses: "Réponses"
            / "Responses",
        status: "Statut"
            / "Status",
        content: "Contenu"
            / "Content",
        no_content: "aucun"
            / "none",
        name: "Nom"
            / "Name",
        field: "Champ"
            / "Field",
        location: "Où"
            / "In",
        kind: "Type"
            / "Type",
        type_is: "Type :"
            / "Type:",
        required: "Obligatoire"
            / "Required",
        description: "Description"
            / "Description",
        yes: "oui"
            / "yes",
        no: "non"
            / "no",
        values: "Valeurs :"
            / "Values:",
        default: "Par défaut :"
            / "Default:",
        array_of: "liste de"
            / "array of",
        or: "ou"
            / "or",
        in_path: "chemin"
            / "path",
        in_query: "requête"
            / "query",
        in_header: "en-tête"
            / "header",
    }
}
