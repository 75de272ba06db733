//! `/api/docs`: the API's description as a page, drawn from the same
//! OpenAPI document that `/api/v1/openapi.json` serves — no script, no CDN.
//! The page's words follow the page's language; the document's own
//! descriptions are English.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde_json::{Map, Value};

use super::{Chrome, markdown_to_safe_html, render};
use crate::domain::error::AppError;
use crate::http::state::AppState;

use crate::i18n::api_docs::DocsTexts;

/// Part of a type as shown: a word, or the name of a schema linked to its table.
#[derive(Debug)]
pub struct TypePart {
    pub text: String,
    pub link: Option<String>,
}

/// A parameter, or a field of a schema (nested fields named `a.b`, `a[].b`).
#[derive(Debug)]
pub struct FieldView {
    pub name: String,
    pub location: &'static str,
    pub kind: Vec<TypePart>,
    pub required: bool,
    pub description: String,
    pub values: Vec<String>,
    pub default: Option<String>,
}

/// A body (request or response) of one media type.
#[derive(Debug)]
pub struct BodyView {
    pub media_type: String,
    pub kind: Vec<TypePart>,
}

/// One response of an operation.
#[derive(Debug)]
pub struct ResponseView {
    pub status: String,
    pub description: String,
    pub body: Option<BodyView>,
}

/// One method on one path.
#[derive(Debug)]
pub struct OperationView {
    pub anchor: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    /// Who may call: public, token required, or token optional.
    pub access: &'static str,
    /// Whether a token plays a part (the access links to the scheme).
    pub token: bool,
    pub parameters: Vec<FieldView>,
    pub request_body: Option<BodyView>,
    pub responses: Vec<ResponseView>,
}

/// A named schema of `components/schemas`.
#[derive(Debug)]
pub struct SchemaView {
    pub name: String,
    pub anchor: String,
    pub description: String,
    pub kind: Vec<TypePart>,
    pub values: Vec<String>,
    pub fields: Vec<FieldView>,
}

/// A security scheme.
#[derive(Debug)]
pub struct SchemeView {
    pub name: String,
    pub how: String,
    pub description: String,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct ApiDocsPage {
    chrome: Chrome,
    w: &'static DocsTexts,
    version: String,
    description: String,
    base_address: String,
    schemes: Vec<SchemeView>,
    operations: Vec<OperationView>,
    schemas: Vec<SchemaView>,
}

/// The API's documentation page.
pub async fn show_api_docs(
    state: web::Data<AppState>,
    chrome: Chrome,
) -> Result<HttpResponse, AppError> {
    let doc = crate::http::api::openapi::document(&state.settings.base_url)?;
    let w = &chrome.lang.texts().api_docs;
    let reader = Reader { doc: &doc, w };
    let page = ApiDocsPage {
        version: text(&doc["info"]["version"]),
        description: markdown(&doc["info"]["description"]),
        base_address: text(&doc["servers"][0]["url"]),
        schemes: reader.schemes(),
        operations: reader.operations(),
        schemas: reader.schemas(),
        chrome,
        w,
    };
    render(&page)
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Turns the document into the page's views.
struct Reader<'a> {
    doc: &'a Value,
    w: &'static DocsTexts,
}

impl Reader<'_> {
    /// Follows `$ref`s within the document (a few hops at most).
    fn resolve<'v>(&'v self, mut value: &'v Value) -> &'v Value {
        for _ in 0..8 {
            match value["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
                Some(pointer) => value = self.doc.pointer(pointer).unwrap_or(&Value::Null),
                None => break,
            }
        }
        value
    }

    fn schemes(&self) -> Vec<SchemeView> {
        entries(&self.doc["components"]["securitySchemes"])
            .map(|(name, scheme)| {
                let scheme = self.resolve(scheme);
                SchemeView {
                    name: name.clone(),
                    how: match (text(&scheme["type"]).as_str(), scheme["scheme"].as_str()) {
                        ("http", Some("bearer")) => "Authorization: Bearer <token>".to_owned(),
                        (kind, _) => kind.to_owned(),
                    },
                    description: markdown(&scheme["description"]),
                }
            })
            .collect()
    }

    fn operations(&self) -> Vec<OperationView> {
        let prefix = self.doc["servers"][0]["url"]
            .as_str()
            .map(server_path)
            .unwrap_or_default();
        let mut operations = Vec::new();
        for (path, item) in entries(&self.doc["paths"]) {
            let item = self.resolve(item);
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let parameters = array(&item["parameters"])
                    .chain(array(&op["parameters"]))
                    .map(|p| self.parameter(p))
                    .collect();
                let security = op.get("security").unwrap_or(&self.doc["security"]);
                // `{}` among the requirements: the token is optional.
                let (token, anonymous) = array(security).fold((false, false), |(t, a), r| {
                    let empty = r.as_object().is_none_or(Map::is_empty);
                    (t || !empty, a || empty)
                });
                operations.push(OperationView {
                    anchor: format!("{method}-{}", anchor_of(path)),
                    method: method.to_uppercase(),
                    path: format!("{prefix}{path}"),
                    summary: text(&op["summary"]),
                    description: markdown(&op["description"]),
                    access: match (token, anonymous) {
                        (true, false) => self.w.token_required,
                        (true, true) => self.w.token_optional,
                        (false, _) => self.w.public,
                    },
                    token,
                    parameters,
                    request_body: self.body(self.resolve(&op["requestBody"])),
                    responses: entries(&op["responses"])
                        .map(|(status, response)| {
                            let response = self.resolve(response);
                            ResponseView {
                                status: status.clone(),
                                description: markdown(&response["description"]),
                                body: self.body(response),
                            }
                        })
                        .collect(),
                });
            }
        }
        operations
    }

    fn parameter(&self, parameter: &Value) -> FieldView {
        let p = self.resolve(parameter);
        let schema = &p["schema"];
        FieldView {
            name: text(&p["name"]),
            location: match p["in"].as_str() {
                Some("path") => self.w.in_path,
                Some("header") => self.w.in_header,
                _ => self.w.in_query,
            },
            kind: self.kind(schema),
            required: p["required"].as_bool().unwrap_or(false),
            description: markdown(&p["description"]),
            values: values(schema),
            default: schema.get("default").map(Value::to_string),
        }
    }

    /// The first media type of a request body or response, if any.
    fn body(&self, holder: &Value) -> Option<BodyView> {
        let (media_type, content) = entries(&holder["content"]).next()?;
        Some(BodyView {
            media_type: media_type.clone(),
            kind: self.kind(&content["schema"]),
        })
    }

    fn schemas(&self) -> Vec<SchemaView> {
        entries(&self.doc["components"]["schemas"])
            .map(|(name, schema)| {
                let mut fields = Vec::new();
                self.fields(schema, "", &mut fields);
                SchemaView {
                    name: name.clone(),
                    anchor: schema_anchor(name),
                    description: markdown(&schema["description"]),
                    kind: self.kind(schema),
                    values: values(schema),
                    fields,
                }
            })
            .collect()
    }

    /// The properties of `schema`, and those of objects written inside it.
    fn fields(&self, schema: &Value, prefix: &str, out: &mut Vec<FieldView>) {
        let required: Vec<&str> = array(&schema["required"])
            .filter_map(Value::as_str)
            .collect();
        for (name, property) in entries(&schema["properties"]) {
            let full = format!("{prefix}{name}");
            out.push(FieldView {
                name: full.clone(),
                location: "",
                kind: self.kind(property),
                required: required.contains(&name.as_str()),
                description: markdown(&property["description"]),
                values: values(property),
                default: property.get("default").map(Value::to_string),
            });
            if property.get("properties").is_some() {
                self.fields(property, &format!("{full}."), out);
            } else if property["items"].get("properties").is_some() {
                self.fields(&property["items"], &format!("{full}[]."), out);
            }
        }
    }

    /// `string`, `string or null`, `array of Organization` (linked), …
    fn kind(&self, schema: &Value) -> Vec<TypePart> {
        if let Some(name) = schema["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        {
            return vec![TypePart {
                text: name.to_owned(),
                link: Some(schema_anchor(name)),
            }];
        }
        if let Some(choices) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            let mut parts = Vec::new();
            for (i, choice) in choices.iter().enumerate() {
                if i > 0 {
                    parts.push(word(format!(" {} ", self.w.or)));
                }
                parts.extend(self.kind(choice));
            }
            return parts;
        }
        let types: Vec<&str> = match &schema["type"] {
            Value::String(one) => vec![one.as_str()],
            many => array(many).filter_map(Value::as_str).collect(),
        };
        let mut parts = Vec::new();
        for (i, kind) in types.iter().enumerate() {
            if i > 0 {
                parts.push(word(format!(" {} ", self.w.or)));
            }
            if *kind == "array" {
                parts.push(word(format!("{} ", self.w.array_of)));
                parts.extend(self.kind(&schema["items"]));
            } else {
                parts.push(word((*kind).to_owned()));
            }
        }
        if let Some(format) = schema["format"].as_str() {
            parts.push(word(format!(" ({format})")));
        }
        if parts.is_empty() {
            parts.push(word("any".to_owned()));
        }
        parts
    }
}

fn word(text: String) -> TypePart {
    TypePart { text, link: None }
}

fn entries(value: &Value) -> impl Iterator<Item = (&String, &Value)> {
    value.as_object().into_iter().flat_map(Map::iter)
}

fn array(value: &Value) -> impl Iterator<Item = &Value> {
    value.as_array().into_iter().flatten()
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

fn markdown(value: &Value) -> String {
    value
        .as_str()
        .map(markdown_to_safe_html)
        .unwrap_or_default()
}

/// The allowed values of a schema, or of its items.
fn values(schema: &Value) -> Vec<String> {
    let values = schema.get("enum").unwrap_or(&schema["items"]["enum"]);
    array(values)
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .collect()
}

/// The path part of a server address: `/api/v1` of `https://host/api/v1`.
fn server_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| {
        rest.find('/').map_or("", |slash| &rest[slash..])
    });
    rest.trim_end_matches('/').to_owned()
}

fn anchor_of(path: &str) -> String {
    path.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_owned()
}

fn schema_anchor(name: &str) -> String {
    format!("schema-{name}")
}

#[cfg(test)]
mod tests {
    use super::{DocsTexts, Reader, anchor_of, server_path};

    static EN: DocsTexts = DocsTexts::EN;

    #[test]
    fn access_says_public_required_or_optional() {
        let doc = serde_json::json!({
            "servers": [{"url": "/api/v1"}],
            "paths": {"/a": {
                "get": {"summary": "public"},
                "post": {"summary": "token", "security": [{"bearer": []}]},
                "patch": {"summary": "either", "security": [{}, {"bearer": []}]},
            }},
        });
        let access: Vec<_> = Reader { doc: &doc, w: &EN }
            .operations()
            .into_iter()
            .map(|op| (op.method, op.path, op.access, op.token))
            .collect();
        assert_eq!(
            access,
            [
                ("GET".into(), "/api/v1/a".into(), EN.public, false),
                ("POST".into(), "/api/v1/a".into(), EN.token_required, true),
                ("PATCH".into(), "/api/v1/a".into(), EN.token_optional, true),
            ]
        );
    }

    #[test]
    fn types_read_as_words_and_links() {
        let doc = serde_json::json!({});
        let reader = Reader { doc: &doc, w: &EN };
        let shown = |schema: serde_json::Value| {
            reader
                .kind(&schema)
                .into_iter()
                .map(|p| match p.link {
                    Some(link) => format!("[{}](#{link})", p.text),
                    None => p.text,
                })
                .collect::<String>()
        };
        let venue = serde_json::json!({"anyOf": [{"$ref": "#/components/schemas/Venue"}, {"type": "null"}]});
        assert_eq!(shown(venue), "[Venue](#schema-Venue) or null");
        let items =
            serde_json::json!({"type": "array", "items": {"$ref": "#/components/schemas/Person"}});
        assert_eq!(shown(items), "array of [Person](#schema-Person)");
        let site = serde_json::json!({"type": ["string", "null"], "format": "uri"});
        assert_eq!(shown(site), "string or null (uri)");
    }

    #[test]
    fn server_paths_and_anchors() {
        assert_eq!(server_path("https://quorum.example/api/v1"), "/api/v1");
        assert_eq!(server_path("http://127.0.0.1:8080/api/v1/"), "/api/v1");
        assert_eq!(server_path("/api/v1"), "/api/v1");
        assert_eq!(server_path("https://quorum.example"), "");
        assert_eq!(anchor_of("/organizations/{slug}"), "organizations--slug");
    }
}
