//! The published API description stays true: it is OpenAPI 3.1 without a
//! dangling `$ref`; it names exactly the API routes of `src/app/routes.rs`; real
//! answers have a documented status and match the documented schema; and
//! `/api/docs` shows every operation, without script or CDN.

use std::collections::BTreeSet;

use jsonschema::{Registry, Validator};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, spawn_demo_app, texts};
use crate::on_both_backends;

const DOCUMENT: &str = include_str!("../../src/http/api/openapi.json");
const ROUTES: &str = include_str!("../../src/app/routes.rs");
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
/// Where the schemas are registered for `$ref`s from the validators.
const BASE: &str = "urn:quorum:openapi";

fn document() -> Value {
    serde_json::from_str(DOCUMENT).expect("src/http/api/openapi.json is JSON")
}

/// Every `(METHOD, /api/v1/path)` the document describes.
fn documented_operations(doc: &Value) -> BTreeSet<(String, String)> {
    let prefix = doc["servers"][0]["url"]
        .as_str()
        .expect("a relative server URL");
    let paths = doc["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|m| item.get(**m).is_some())
                .map(move |m| (m.to_uppercase(), format!("{prefix}{path}")))
        })
        .collect()
}

/// Every `(METHOD, /api/v1/path)` routed in the API scope of `src/app/routes.rs`,
/// read from the source: `.route("/path", get().to(…))`.
fn routed_operations(source: &str) -> BTreeSet<(String, String)> {
    let scope_at = source
        .find("web::scope(\"")
        .expect("routes.rs has the API scope");
    let prefix: String = source[scope_at + "web::scope(\"".len()..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    assert!(
        prefix.starts_with("/api/"),
        "the first scope is the API's: {prefix}"
    );
    // The scope is the argument of the `.service(` before it: up to its closing parenthesis.
    let open = source[..scope_at].rfind(".service(").expect(".service(") + ".service".len();
    let mut depth = 0;
    let mut in_string = false;
    let mut end = open;
    for (i, c) in source[open..].char_indices() {
        match c {
            '"' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            end = open + i;
            break;
        }
    }
    let scope = &source[scope_at..end];
    for unread in ["web::resource(", ".service(", "web::scope("] {
        assert!(
            !scope[1..].contains(unread),
            "the API scope uses `{unread}`: teach tests/api/openapi.rs to read it"
        );
    }
    scope
        .split(".route(")
        .skip(1)
        .map(|route| {
            let route = route.trim_start();
            let path: String = route
                .strip_prefix('"')
                .expect("a route's path is a string literal")
                .chars()
                .take_while(|c| *c != '"')
                .collect();
            let after = route[path.len() + 2..].trim_start_matches([',', ' ', '\n']);
            let after = after.strip_prefix("web::").unwrap_or(after);
            let method: String = after
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect();
            assert!(
                METHODS.contains(&method.as_str()),
                "route {path}: `{method}` is not a method this test knows"
            );
            (method.to_uppercase(), format!("{prefix}{path}"))
        })
        .collect()
}

/// Every `$ref` in the document, with where it is.
fn refs<'a>(value: &'a Value, at: &str, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref" {
                    out.push((at.to_owned(), child.as_str().expect("a $ref is a string")));
                } else {
                    refs(child, &format!("{at}/{key}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                refs(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// A JSON pointer segment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[test]
fn document_is_openapi_3_1_and_every_ref_resolves() {
    let doc = document();
    let version = doc["openapi"].as_str().expect("openapi");
    assert!(version.starts_with("3.1"), "OpenAPI {version}");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let mut found = Vec::new();
    refs(&doc, "", &mut found);
    assert!(!found.is_empty());
    for (at, target) in found {
        let pointer = target
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{at}: {target} is not within the document"));
        assert!(
            doc.pointer(pointer).is_some(),
            "{at}: {target} leads nowhere"
        );
    }

    let schemes = doc["components"]["securitySchemes"]
        .as_object()
        .expect("securitySchemes");
    let mut operation_ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let resolve = |v: &Value| match v["$ref"].as_str() {
            Some(r) => doc.pointer(&r[1..]).cloned().unwrap_or(Value::Null),
            None => v.clone(),
        };
        for method in METHODS.iter().filter(|m| item.get(**m).is_some()) {
            let op = &item[*method];
            let name = format!("{method} {path}");
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: operationId"));
            assert!(
                operation_ids.insert(id.to_owned()),
                "{name}: operationId {id} twice"
            );
            assert!(op["summary"].is_string(), "{name}: summary");
            let responses = op["responses"].as_object().expect("responses");
            assert!(!responses.is_empty(), "{name}: no response");
            for status in responses.keys() {
                assert!(
                    status.len() == 3 && status.bytes().all(|b| b.is_ascii_digit()),
                    "{name}: response {status}"
                );
            }
            for requirement in op["security"].as_array().into_iter().flatten() {
                for scheme in requirement.as_object().expect("a requirement").keys() {
                    assert!(
                        schemes.contains_key(scheme),
                        "{name}: unknown scheme {scheme}"
                    );
                }
            }
            // every `{param}` of the path is a documented path parameter
            let parameters: Vec<Value> = item["parameters"]
                .as_array()
                .into_iter()
                .chain(op["parameters"].as_array())
                .flatten()
                .map(resolve)
                .collect();
            for param in path
                .split('{')
                .skip(1)
                .filter_map(|s| s.split_once('}'))
                .map(|p| p.0)
            {
                assert!(
                    parameters
                        .iter()
                        .any(|p| p["in"] == "path" && p["name"] == param && p["required"] == true),
                    "{name}: path parameter {param} undocumented"
                );
            }
        }
    }

    // Every schema is valid JSON Schema 2020-12 and its `$ref`s resolve.
    let schemas = Schemas::new(&doc);
    for name in doc["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .keys()
    {
        schemas.validator(&format!("/components/schemas/{}", escape(name)));
    }
}

#[test]
fn every_api_route_is_documented_and_nothing_else() {
    let routed = routed_operations(ROUTES);
    let documented = documented_operations(&document());
    assert!(routed.contains(&("GET".to_owned(), "/api/v1/openapi.json".to_owned())));
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty() && unrouted.is_empty(),
        "routed but not in src/http/api/openapi.json: {undocumented:?}; documented but not routed: {unrouted:?}"
    );
}

#[test]
fn route_reader_reads_formatted_routes() {
    let source = r#"
        .service(
            web::scope("/api/v1")
                .route("/a", get().to(x))
                .route(
                    "/a/{id}",
                    web::patch().to(y),
                )
                .default_service(web::to(z)),
        )
        .route("/page", get().to(p))
    "#;
    let routes: Vec<_> = routed_operations(source).into_iter().collect();
    assert_eq!(
        routes,
        [
            ("GET".to_owned(), "/api/v1/a".to_owned()),
            ("PATCH".to_owned(), "/api/v1/a/{id}".to_owned())
        ]
    );
}

/// The document's schemas as validators. Checking answers, objects may not
/// carry undocumented fields, and formats (uuid, email, uri) are asserted.
struct Schemas {
    doc: Value,
    registry: Registry<'static>,
}

impl Schemas {
    fn new(doc: &Value) -> Self {
        let mut strict = doc.clone();
        close_objects(&mut strict);
        let registry = Registry::new()
            .draft(jsonschema::Draft::Draft202012)
            .add(BASE, strict)
            .expect("the document registers")
            .prepare()
            .expect("the document's references resolve");
        Self {
            doc: doc.clone(),
            registry,
        }
    }

    /// A validator for the schema at `pointer` in the document.
    fn validator(&self, pointer: &str) -> Validator {
        jsonschema::draft202012::options()
            .offline()
            .should_validate_formats(true)
            .with_registry(&self.registry)
            .build(&json!({ "$ref": format!("{BASE}#{}", fragment(pointer)) }))
            .unwrap_or_else(|e| panic!("schema at {pointer}: {e}"))
    }

    /// Checks an answer of `METHOD path` (as documented, `/api/v1/…`): its
    /// status is documented, with its media type, and the body validates.
    async fn check(&self, method: &str, path: &str, response: reqwest::Response) -> Value {
        let status = response.status().as_u16().to_string();
        let relative = path.strip_prefix("/api/v1").expect("an API path");
        let mut pointer = format!(
            "/paths/{}/{}/responses/{status}",
            escape(relative),
            method.to_lowercase()
        );
        let documented = self.doc.pointer(&pointer).unwrap_or_else(|| {
            panic!("{method} {path} answered {status}, which is not documented")
        });
        if let Some(target) = documented["$ref"].as_str() {
            pointer = target[1..].to_owned();
        }
        let Some((media_type, _)) = self
            .doc
            .pointer(&format!("{pointer}/content"))
            .and_then(Value::as_object)
            .and_then(|c| c.iter().next())
        else {
            let body = response.bytes().await.expect("a body");
            assert!(
                body.is_empty(),
                "{method} {path} {status}: documented without content"
            );
            return Value::Null;
        };
        let content_type = response.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .to_owned();
        if media_type.contains('*') {
            // bytes of any type (a file): there is no schema to read them with
            let body = response.bytes().await.expect("a body");
            assert!(!body.is_empty(), "{method} {path} {status}: no bytes");
            return Value::Null;
        }
        let body: Value = response.json().await.expect("a JSON body");
        assert_eq!(&content_type, media_type, "{method} {path} {status}");
        let validator = self.validator(&format!("{pointer}/content/{}/schema", escape(media_type)));
        let errors: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {path} {status} does not match its schema: {errors:#?}\n{body:#}"
        );
        body
    }
}

/// A JSON pointer as a URI fragment: `{` and the like percent-encoded.
fn fragment(pointer: &str) -> String {
    let mut out = String::new();
    for byte in pointer.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `additionalProperties: false` on every object schema with `properties`.
fn close_objects(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("properties").is_some_and(Value::is_object)
                && !map.contains_key("additionalProperties")
            {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(close_objects);
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

/// The documented path with its parameters filled in from `examples`.
fn concrete(path: &str, examples: &[(&str, &str)]) -> String {
    let mut url = path.to_owned();
    while let Some(open) = url.find('{') {
        let close = url[open..].find('}').expect("a closed parameter") + open;
        let name = &url[open + 1..close];
        let value = examples
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| {
                panic!("no example for `{name}` of {path}: add one in tests/api/openapi.rs")
            })
            .1;
        url.replace_range(open..=close, value);
    }
    url
}

impl TestApp {
    async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("answered")
    }
}

/// API tokens of a coordinator of the état-civil group and of a member who
/// coordinates nothing.
fn coordinator_and_member(app: &TestApp) -> (String, String) {
    let coordinator = app.add_person("coordination@club.example", None, false, false);
    app.make_coordinator(&coordinator, "etat-civil");
    let member = app.add_person("membre@club.example", None, false, false);
    (app.api_token(&coordinator), app.api_token(&member))
}

on_both_backends! {
    async fn every_documented_get_answers_as_documented(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let doc = document();
        let schemas = Schemas::new(&doc);
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let meetings: Value = app.call("GET", "/api/v1/meetings", None, None).await.json().await.expect("json");
        let meeting = meetings["items"][0]["id"].as_str().expect("a demo meeting").to_owned();
        let polls: Value = app.call("GET", "/api/v1/working-groups/social/date-polls", None, None).await.json().await.expect("json");
        let poll = polls["items"][0]["id"].as_str().expect("the demo poll").to_owned();
        let calls: Value = app.call("GET", "/api/v1/hosting-calls", None, None).await.json().await.expect("json");
        let call = calls["items"][0]["id"].as_str().expect("the demo's call").to_owned();
        let proposal = calls["items"][0]["proposals"][0]["id"].as_str().expect("a demo proposal").to_owned();
        // the demo plans no series: one, through the API
        let year = chrono::Datelike::year(&chrono::Utc::now()) + 1;
        let rule = json!({"title": "Social", "frequency": "weekly", "interval_weeks": 2, "weekday": 1, "start_time": "14:00", "end_time": "15:00", "starts_on": format!("{year}-01-01"), "until": format!("{year}-02-28")});
        let planned: Value = app.call("POST", "/api/v1/working-groups/social/series", Some(&token), Some(&rule)).await.json().await.expect("json");
        let series = planned["id"].as_str().expect("a series").to_owned();
        // a public file of that meeting, for `…/files/{file}`
        let (status, file) = crate::files::upload(&app, Some(&token), &meeting, &[crate::files::Part::File(&crate::files::named("ordre du jour.pdf"), None, crate::files::PDF), crate::files::Part::Field("visibility", "public")]).await;
        assert_eq!(status, 201, "{file}");
        let file = file["id"].as_str().expect("a file").to_owned();
        let examples = [("slug", "nancy"), ("id", meeting.as_str()), ("call", call.as_str()), ("proposal", proposal.as_str()), ("group", "social"), ("poll", poll.as_str()), ("series", series.as_str()), ("file", file.as_str()), ("development", "vue-back-office-rendez-vous")];
        // an answer of the admin's, for `GET …/rsvp` and `…/rsvps`
        let answer = serde_json::json!({"answer": "yes", "project_highlight": "Un portail citoyen", "listed": true});
        let answered = app.call("PUT", &format!("/api/v1/meetings/{meeting}/rsvp"), Some(&token), Some(&answer)).await;
        assert_eq!(answered.status(), 200);
        schemas.check("PUT", "/api/v1/meetings/{id}/rsvp", answered).await;
        for (method, path) in documented_operations(&doc).into_iter().filter(|(m, _)| m == "GET") {
            let op = &doc["paths"][&path["/api/v1".len()..]]["get"];
            // `[{"bearer": []}]`: a token is needed; `[{}, {"bearer": []}]`: it may show more
            let requirements: Vec<bool> = op["security"].as_array().into_iter().flatten()
                .map(|r| r.as_object().is_some_and(|r| !r.is_empty())).collect();
            let token_needed = !requirements.is_empty() && requirements.iter().all(|t| *t);
            let token_optional = requirements.iter().any(|t| *t) && !token_needed;
            let url = concrete(&path, &examples);
            let response = app.call("GET", &url, token_needed.then_some(token.as_str()), None).await;
            assert_eq!(response.status(), 200, "GET {url}");
            schemas.check(&method, &path, response).await;
            if token_needed {
                let anonymous = app.call("GET", &url, None, None).await;
                assert_eq!(anonymous.headers()["www-authenticate"], "Bearer");
                schemas.check(&method, &path, anonymous).await;
            }
            if token_optional {
                let with_token = app.call("GET", &url, Some(&token), None).await;
                assert_eq!(with_token.status(), 200, "GET {url} with a token");
                schemas.check(&method, &path, with_token).await;
            }
        }
    }

    async fn answers_of_people_match_the_document(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let schemas = Schemas::new(&document());
        let manager = app.add_person("manager@nancy.fr", Some("nancy"), false, true);
        app.make_coordinator(&manager, "etat-civil");
        let manager_token = app.api_token(&manager);
        let me = schemas.check("GET", "/api/v1/me", app.call("GET", "/api/v1/me", Some(&manager_token), None).await).await;
        assert_eq!(me["organization"], "nancy");
        assert_eq!(me["roles"], json!(["org_manager", "coordinator"]));
        let refused = app.call("GET", "/api/v1/people", Some(&manager_token), None).await;
        assert_eq!(schemas.check("GET", "/api/v1/people", refused).await["status"], 403);

        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let page = app.call("GET", "/api/v1/people?limit=1", Some(&token), None).await;
        let page = schemas.check("GET", "/api/v1/people", page).await;
        let cursor = page["next_cursor"].as_str().expect("more than one person");
        let next = app.call("GET", &format!("/api/v1/people?limit=1&cursor={cursor}"), Some(&token), None).await;
        schemas.check("GET", "/api/v1/people", next).await;
        let bad_limit = app.call("GET", "/api/v1/people?limit=many", Some(&token), None).await;
        assert_eq!(schemas.check("GET", "/api/v1/people", bad_limit).await["errors"][0]["field"], "query");

        let new_person = json!({"email": "lea@amiens.fr", "name": "Léa", "organization": "amiens", "roles": ["org_manager"]});
        assert_request_matches(&schemas, "NewPerson", &new_person);
        let created = app.call("POST", "/api/v1/people", Some(&token), Some(&new_person)).await;
        assert_eq!(created.status(), 201);
        schemas.check("POST", "/api/v1/people", created).await;
        let again = app.call("POST", "/api/v1/people", Some(&token), Some(&new_person)).await;
        assert_eq!(schemas.check("POST", "/api/v1/people", again).await["errors"][0]["field"], "email");
        let not_json = app.client.post(format!("{}/api/v1/people", app.address)).bearer_auth(&token)
            .header("content-type", "application/json").body("{").send().await.expect("answered");
        schemas.check("POST", "/api/v1/people", not_json).await;
        let by_manager = app.call("POST", "/api/v1/people", Some(&manager_token), Some(&new_person)).await;
        schemas.check("POST", "/api/v1/people", by_manager).await;
        let anonymous = app.call("POST", "/api/v1/people", None, Some(&new_person)).await;
        schemas.check("POST", "/api/v1/people", anonymous).await;
    }

    async fn answers_of_organizations_match_the_document(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let schemas = Schemas::new(&document());
        let page = schemas.check("GET", "/api/v1/organizations", app.call("GET", "/api/v1/organizations?limit=2", None, None).await).await;
        let cursor = page["next_cursor"].as_str().expect("more than two bodies");
        let next = app.call("GET", &format!("/api/v1/organizations?cursor={cursor}"), None, None).await;
        assert!(schemas.check("GET", "/api/v1/organizations", next).await.get("next_cursor").is_none());
        let missing = app.call("GET", "/api/v1/organizations/nowhere", None, None).await;
        assert_eq!(schemas.check("GET", "/api/v1/organizations/{slug}", missing).await["status"], 404);

        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let new_org = json!({
            "slug": "lille", "name": "Ville de Lille", "kind": "commune", "club_status": "observer",
            "territory": null, "website": "https://www.lille.fr",
            "profile": {"roadmap": "2027 : portail usagers"}
        });
        assert_request_matches(&schemas, "NewOrganization", &new_org);
        let created = app.call("POST", "/api/v1/organizations", Some(&token), Some(&new_org)).await;
        assert_eq!(created.status(), 201);
        let created = schemas.check("POST", "/api/v1/organizations", created).await;
        assert_eq!(created["profile"]["roadmap"], "2027 : portail usagers");
        assert_eq!(created["territory"], Value::Null);
        let taken = app.call("POST", "/api/v1/organizations", Some(&token), Some(&new_org)).await;
        assert_eq!(schemas.check("POST", "/api/v1/organizations", taken).await["status"], 409);
        let invalid = app.call("POST", "/api/v1/organizations", Some(&token), Some(&json!({"slug": "Bad Slug", "name": "", "kind": "commune", "club_status": "member"}))).await;
        assert_eq!(schemas.check("POST", "/api/v1/organizations", invalid).await["errors"][0]["field"], "slug");

        let manager = app.add_person("manager@nancy.fr", Some("nancy"), false, true);
        let manager_token = app.api_token(&manager);
        let refused = app.call("POST", "/api/v1/organizations", Some(&manager_token), Some(&new_org)).await;
        assert!(schemas.check("POST", "/api/v1/organizations", refused).await["detail"].is_string());
        let patch = json!({"territory": "Métropole du Grand Nancy", "profile": {"roadmap": "2027", "competences": null}});
        assert_request_matches(&schemas, "OrganizationPatch", &patch);
        let path = "/api/v1/organizations/{slug}";
        let own = app.call("PATCH", "/api/v1/organizations/nancy", Some(&manager_token), Some(&patch)).await;
        assert_eq!(own.status(), 200);
        assert_eq!(schemas.check("PATCH", path, own).await["territory"], "Métropole du Grand Nancy");
        let other = app.call("PATCH", "/api/v1/organizations/arles", Some(&manager_token), Some(&patch)).await;
        assert_eq!(schemas.check("PATCH", path, other).await["status"], 403);
        let nowhere = app.call("PATCH", "/api/v1/organizations/nowhere", Some(&token), Some(&patch)).await;
        assert_eq!(schemas.check("PATCH", path, nowhere).await["status"], 404);
        let bad_site = app.call("PATCH", "/api/v1/organizations/nancy", Some(&token), Some(&json!({"website": "javascript:alert(1)"}))).await;
        assert_eq!(schemas.check("PATCH", path, bad_site).await["errors"][0]["field"], "website");
        let anonymous = app.call("PATCH", "/api/v1/organizations/nancy", None, Some(&patch)).await;
        schemas.check("PATCH", path, anonymous).await;
    }

    async fn answers_of_meetings_and_groups_match_the_document(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let schemas = Schemas::new(&document());
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let member = app.add_person("claire@nancy.fr", Some("nancy"), false, false);
        let member_token = app.api_token(&member);

        let list = "/api/v1/meetings";
        let filtered = app.call("GET", "/api/v1/meetings?kind=working_group_session&working_group=etat-civil&include_past=true", None, None).await;
        assert_eq!(filtered.status(), 200);
        schemas.check("GET", list, filtered).await;
        let unknown_group = app.call("GET", "/api/v1/meetings?working_group=nowhere", None, None).await;
        assert_eq!(schemas.check("GET", list, unknown_group).await["status"], 404);
        let bad_kind = app.call("GET", "/api/v1/meetings?kind=party", None, None).await;
        assert_eq!(schemas.check("GET", list, bad_kind).await["errors"][0]["field"], "kind");

        let new_meeting = json!({
            "kind": "december_session", "title": "Réunion de décembre 2031", "status": "draft",
            "starts_at_local": "2031-12-04T14:00", "time_zone": "Europe/Paris",
            "venue": {"name": "Eurexpo", "city": "Chassieu"}, "capacity": 80, "agenda": "- tour de table"
        });
        assert_request_matches(&schemas, "NewMeeting", &new_meeting);
        let refused = app.call("POST", list, Some(&member_token), Some(&new_meeting)).await;
        assert_eq!(schemas.check("POST", list, refused).await["status"], 403);
        let created = app.call("POST", list, Some(&token), Some(&new_meeting)).await;
        assert_eq!(created.status(), 201);
        let created = schemas.check("POST", list, created).await;
        assert_eq!(created["ends_at"], "2031-12-04T17:00:00+01:00");
        let invalid = app.call("POST", list, Some(&token), Some(&json!({"kind": "december_session", "title": "x", "starts_at_local": "4 décembre"}))).await;
        assert_eq!(schemas.check("POST", list, invalid).await["errors"][0]["field"], "starts_at_local");

        let one = "/api/v1/meetings/{id}";
        let url = format!("/api/v1/meetings/{}", created["id"].as_str().expect("id"));
        let draft_for_admin = app.call("GET", &url, Some(&token), None).await;
        assert_eq!(draft_for_admin.status(), 200);
        schemas.check("GET", one, draft_for_admin).await;
        let draft_for_anyone = app.call("GET", &url, None, None).await;
        assert_eq!(schemas.check("GET", one, draft_for_anyone).await["status"], 404);
        let patch = json!({"status": "scheduled", "venue": null, "capacity": null, "title": "Réunion de décembre"});
        assert_request_matches(&schemas, "MeetingPatch", &patch);
        let changed = app.call("PATCH", &url, Some(&token), Some(&patch)).await;
        assert_eq!(changed.status(), 200);
        assert_eq!(schemas.check("PATCH", one, changed).await["status"], "scheduled");
        let not_organizer = app.call("PATCH", &url, Some(&member_token), Some(&patch)).await;
        assert_eq!(schemas.check("PATCH", one, not_organizer).await["status"], 403);
        let bad_end = app.call("PATCH", &url, Some(&token), Some(&json!({"ends_at_local": "2031-12-04T13:00"}))).await;
        assert_eq!(schemas.check("PATCH", one, bad_end).await["errors"][0]["field"], "ends_at_local");
        let nowhere = app.call("PATCH", "/api/v1/meetings/01900000-0000-7000-8000-000000000000", Some(&token), Some(&patch)).await;
        schemas.check("PATCH", one, nowhere).await;
        let cancel = "/api/v1/meetings/{id}/cancel";
        let cancelled = app.call("POST", &format!("{url}/cancel"), Some(&token), None).await;
        assert_eq!(cancelled.status(), 200);
        assert_eq!(schemas.check("POST", cancel, cancelled).await["status"], "cancelled");
        let by_member = app.call("POST", &format!("{url}/cancel"), Some(&member_token), None).await;
        schemas.check("POST", cancel, by_member).await;
        let anonymous = app.call("POST", &format!("{url}/cancel"), None, None).await;
        schemas.check("POST", cancel, anonymous).await;

        let groups = "/api/v1/working-groups";
        let new_group = json!({"slug": "urbanisme", "name": "Urbanisme", "topic": "Autorisations d'urbanisme", "description": "", "coordinators": ["claire@nancy.fr"]});
        assert_request_matches(&schemas, "NewWorkingGroup", &new_group);
        let refused = app.call("POST", groups, Some(&member_token), Some(&new_group)).await;
        schemas.check("POST", groups, refused).await;
        let created = app.call("POST", groups, Some(&token), Some(&new_group)).await;
        assert_eq!(created.status(), 201);
        schemas.check("POST", groups, created).await;
        let taken = app.call("POST", groups, Some(&token), Some(&new_group)).await;
        assert_eq!(schemas.check("POST", groups, taken).await["status"], 409);
        let unknown_coordinator = app.call("POST", groups, Some(&token), Some(&json!({"slug": "voirie", "name": "Voirie", "coordinators": ["nobody@nowhere.fr"]}))).await;
        assert_eq!(schemas.check("POST", groups, unknown_coordinator).await["errors"][0]["field"], "coordinators");

        let follow = "/api/v1/working-groups/{slug}/follow";
        for method in ["POST", "DELETE"] {
            let done = app.call(method, "/api/v1/working-groups/etat-civil/follow", Some(&member_token), None).await;
            assert_eq!(done.status(), 204, "{method}");
            schemas.check(method, follow, done).await;
            let unknown = app.call(method, "/api/v1/working-groups/nowhere/follow", Some(&member_token), None).await;
            assert_eq!(schemas.check(method, follow, unknown).await["status"], 404);
            let anonymous = app.call(method, "/api/v1/working-groups/etat-civil/follow", None, None).await;
            schemas.check(method, follow, anonymous).await;
        }
    }

    async fn answers_of_date_polls_match_the_document(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let schemas = Schemas::new(&document());
        let (token, member_token) = coordinator_and_member(&app);

        let list = "/api/v1/date-polls";
        let new_poll = json!({"title": "Session de janvier", "working_group": "etat-civil", "time_zone": "Europe/Paris", "slots": [{"starts_at_local": "2099-01-12T14:00", "ends_at_local": "2099-01-12T16:00"}, {"starts_at_local": "2099-01-13T14:00", "ends_at_local": "2099-01-13T16:00"}], "deadline": "2099-01-05T18:00", "hide_results": true});
        assert_request_matches(&schemas, "NewDatePoll", &new_poll);
        let created = app.call("POST", list, Some(&token), Some(&new_poll)).await;
        assert_eq!(created.status(), 201);
        let created = schemas.check("POST", list, created).await;
        let refused = app.call("POST", list, Some(&member_token), Some(&new_poll)).await;
        assert_eq!(schemas.check("POST", list, refused).await["status"], 403);
        let invalid = app.call("POST", list, Some(&token), Some(&json!({"title": "x", "working_group": "etat-civil", "slots": []}))).await;
        assert_eq!(schemas.check("POST", list, invalid).await["errors"][0]["field"], "slots");
        let anonymous = app.call("POST", list, None, Some(&new_poll)).await;
        schemas.check("POST", list, anonymous).await;

        let id = created["id"].as_str().expect("id");
        let one = "/api/v1/date-polls/{poll}";
        let url = format!("/api/v1/date-polls/{id}");
        let hidden = app.call("GET", &url, Some(&member_token), None).await;
        assert_eq!(schemas.check("GET", one, hidden).await["results_visible"], false);
        let patch = json!({"title": "Session état civil de janvier", "hide_results": false});
        assert_request_matches(&schemas, "DatePollPatch", &patch);
        let changed = app.call("PATCH", &url, Some(&token), Some(&patch)).await;
        let changed = schemas.check("PATCH", one, changed).await;
        assert_eq!(changed["title"], "Session état civil de janvier");
        assert_eq!(changed["deadline"], "2099-01-05T18:00:00+01:00", "a deadline left out stays");
        let late = app.call("PATCH", &url, Some(&token), Some(&json!({"deadline": "2099-02-01T10:00"}))).await;
        assert_eq!(schemas.check("PATCH", one, late).await["errors"][0]["field"], "deadline");

        let answers = "/api/v1/date-polls/{poll}/answers";
        let sent = json!({"answers": [{"slot": 0, "answer": "yes"}, {"slot": 1, "answer": "if_need_be"}]});
        assert_request_matches(&schemas, "DatePollAnswers", &sent);
        let answered = app.call("PUT", &format!("{url}/answers"), Some(&member_token), Some(&sent)).await;
        assert_eq!(answered.status(), 200);
        assert_eq!(schemas.check("PUT", answers, answered).await["slots"][0]["totals"]["yes"], 1);
        let bad = app.call("PUT", &format!("{url}/answers"), Some(&member_token), Some(&json!({"answers": [{"slot": 9, "answer": "yes"}]}))).await;
        assert_eq!(schemas.check("PUT", answers, bad).await["status"], 422);

        let close = "/api/v1/date-polls/{poll}/close";
        let by_member = app.call("POST", &format!("{url}/close"), Some(&member_token), Some(&json!({"slot": 0}))).await;
        assert_eq!(schemas.check("POST", close, by_member).await["status"], 403);
        let closed = app.call("POST", &format!("{url}/close"), Some(&token), Some(&json!({"slot": 0}))).await;
        assert_eq!(closed.status(), 200);
        assert_eq!(schemas.check("POST", close, closed).await["kind"], "working_group_session");
        let other = app.call("POST", &format!("{url}/close"), Some(&token), Some(&json!({"slot": 1}))).await;
        assert_eq!(schemas.check("POST", close, other).await["status"], 409);
        let after = app.call("PUT", &format!("{url}/answers"), Some(&member_token), Some(&sent)).await;
        assert_eq!(schemas.check("PUT", answers, after).await["status"], 409);

        let cancel = "/api/v1/date-polls/{poll}/cancel";
        let second = schemas.check("POST", list, app.call("POST", list, Some(&token), Some(&new_poll)).await).await;
        let cancelled = app.call("POST", &format!("/api/v1/date-polls/{}/cancel", second["id"].as_str().expect("id")), Some(&token), None).await;
        assert_eq!(schemas.check("POST", cancel, cancelled).await["state"], "cancelled");
        let nowhere = app.call("POST", "/api/v1/date-polls/01900000-0000-7000-8000-000000000000/cancel", Some(&token), None).await;
        assert_eq!(schemas.check("POST", cancel, nowhere).await["status"], 404);
        let group = app.call("GET", "/api/v1/working-groups/etat-civil/date-polls", Some(&member_token), None).await;
        assert_eq!(schemas.check("GET", "/api/v1/working-groups/{group}/date-polls", group).await["items"].as_array().expect("items").len(), 2);
    }

    async fn answers_of_series_match_the_document(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let schemas = Schemas::new(&document());
        let (token, member_token) = coordinator_and_member(&app);

        let list = "/api/v1/working-groups/{group}/series";
        let url = "/api/v1/working-groups/etat-civil/series";
        let new_series = json!({"title": "État civil", "format": "remote", "agenda": "", "frequency": "monthly", "ordinal": -1, "weekday": 4, "start_time": "10:00", "end_time": "11:30", "time_zone": "Europe/Paris", "starts_on": "2099-01-01", "until": "2099-06-30"});
        assert_request_matches(&schemas, "NewSeries", &new_series);
        let created = app.call("POST", url, Some(&token), Some(&new_series)).await;
        assert_eq!(created.status(), 201);
        let created = schemas.check("POST", list, created).await;
        assert_eq!(created["sessions"].as_array().expect("sessions").len(), 6);
        let refused = app.call("POST", url, Some(&member_token), Some(&new_series)).await;
        assert_eq!(schemas.check("POST", list, refused).await["status"], 403);
        let anonymous = app.call("POST", url, None, Some(&new_series)).await;
        assert_eq!(schemas.check("POST", list, anonymous).await["status"], 401);
        let invalid = app.call("POST", url, Some(&token), Some(&json!({"title": "x", "frequency": "daily"}))).await;
        assert_eq!(schemas.check("POST", list, invalid).await["errors"][0]["field"], "frequency");
        let nowhere = app.call("POST", "/api/v1/working-groups/nowhere/series", Some(&token), Some(&new_series)).await;
        assert_eq!(schemas.check("POST", list, nowhere).await["status"], 404);
        let listed = schemas.check("GET", list, app.call("GET", url, None, None).await).await;
        assert_eq!(listed["items"].as_array().expect("items").len(), 1);

        let one = "/api/v1/series/{series}";
        let url = format!("/api/v1/series/{}", created["id"].as_str().expect("id"));
        let patch = json!({"frequency": "weekly", "interval_weeks": 2, "until": "2099-02-28"});
        assert_request_matches(&schemas, "SeriesPatch", &patch);
        let changed = app.call("PATCH", &url, Some(&token), Some(&patch)).await;
        assert_eq!(changed.status(), 200);
        let changed = schemas.check("PATCH", one, changed).await;
        assert_eq!((changed["ordinal"].is_null(), changed["interval_weeks"].as_i64()), (true, Some(2)));
        let by_member = app.call("PATCH", &url, Some(&member_token), Some(&patch)).await;
        assert_eq!(schemas.check("PATCH", one, by_member).await["status"], 403);
        let bad = app.call("PATCH", &url, Some(&token), Some(&json!({"end_time": "09:00"}))).await;
        assert_eq!(schemas.check("PATCH", one, bad).await["errors"][0]["field"], "end_time");
        let unknown = "/api/v1/series/01900000-0000-7000-8000-000000000000";
        assert_eq!(schemas.check("GET", one, app.call("GET", unknown, None, None).await).await["status"], 404);
        assert_eq!(schemas.check("PATCH", one, app.call("PATCH", unknown, Some(&token), Some(&patch)).await).await["status"], 404);
        let anonymous = app.call("PATCH", &url, None, Some(&patch)).await;
        schemas.check("PATCH", one, anonymous).await;
    }

    async fn answers_of_files_match_the_document(backend: Backend) {
        use crate::files::{PDF, Part, named, upload};
        let app = spawn_demo_app(backend).await;
        let schemas = Schemas::new(&document());
        let (coordinator, member) = coordinator_and_member(&app);
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin = app.api_token(&admin);
        let id = crate::join::session_with(&app, &admin, -30, None).await;
        let list = "/api/v1/meetings/{id}/files";
        let one = "/api/v1/meetings/{id}/files/{file}";
        let url = format!("/api/v1/meetings/{id}/files");
        // `check` reads the answer: the uploads go through `upload`'s client, then are read back
        let (status, created) = upload(&app, Some(&coordinator), &id, &[Part::File(&named("diaporama.pdf"), None, PDF), Part::Field("visibility", "participants")]).await;
        assert_eq!(status, 201, "{created}");
        assert!(schemas.validator("/components/schemas/MeetingFile").is_valid(&created), "{created}");
        for (token, status) in [(Some(member.as_str()), 403), (None, 401), (Some(coordinator.as_str()), 422)] {
            let (content_type, body) = crate::files::multipart(&[Part::File(&named("x.pdf"), None, b"not a pdf"), Part::Field("visibility", "public")]);
            let mut request = app.client.post(format!("{}{url}", app.address)).header("content-type", content_type).body(body);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let answer = schemas.check("POST", list, request.send().await.expect("answered")).await;
            assert_eq!(answer["status"], status, "{answer}");
        }
        let listed = schemas.check("GET", list, app.call("GET", &url, Some(&coordinator), None).await).await;
        assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));
        let hidden = schemas.check("GET", list, app.call("GET", &url, None, None).await).await;
        assert_eq!(hidden["items"].as_array().map(Vec::len), Some(0));
        let file_url = created["url"].as_str().expect("url").to_owned();
        schemas.check("GET", one, app.call("GET", &file_url, Some(&coordinator), None).await).await;
        assert_eq!(schemas.check("GET", one, app.call("GET", &file_url, Some(&member), None).await).await["status"], 404);
        assert_eq!(schemas.check("DELETE", one, app.call("DELETE", &file_url, Some(&member), None).await).await["status"], 403);
        schemas.check("DELETE", one, app.call("DELETE", &file_url, None, None).await).await;
        let deleted = app.call("DELETE", &file_url, Some(&admin), None).await;
        assert_eq!(deleted.status(), 204);
        schemas.check("DELETE", one, deleted).await;
        assert_eq!(schemas.check("DELETE", one, app.call("DELETE", &file_url, Some(&admin), None).await).await["status"], 404);
    }

    async fn answers_of_developments_match_the_document(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let schemas = Schemas::new(&document());
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin = app.api_token(&admin);
        let manager = app.add_person("gestion@nancy.example", Some("nancy"), false, true);
        let manager = app.api_token(&manager);
        let (_, member) = coordinator_and_member(&app);
        let list = "/api/v1/developments";
        let one = "/api/v1/developments/{development}";
        let pledge = "/api/v1/developments/{development}/pledges/{organization}";
        let proposal = json!({"title": "Prise de rendez-vous en ligne", "description": "Pour *tous* les services.", "organization": "nancy"});
        assert_request_matches(&schemas, "NewDevelopment", &proposal);
        assert_eq!(schemas.check("POST", list, app.call("POST", list, None, Some(&proposal)).await).await["status"], 401);
        assert_eq!(schemas.check("POST", list, app.call("POST", list, Some(&member), Some(&proposal)).await).await["status"], 403);
        assert_eq!(schemas.check("POST", list, app.call("POST", list, Some(&manager), Some(&json!({"title": ""}))).await).await["status"], 422);
        let created = app.call("POST", list, Some(&manager), Some(&proposal)).await;
        assert_eq!(created.status(), 201);
        let created = schemas.check("POST", list, created).await;
        let url = format!("/api/v1/developments/{}", created["slug"].as_str().expect("slug"));
        let patch = json!({"description": "Pour les services à la population."});
        assert_request_matches(&schemas, "DevelopmentPatch", &patch);
        assert_eq!(schemas.check("PATCH", one, app.call("PATCH", &url, Some(&manager), Some(&patch)).await).await["status"], 403);
        assert_eq!(schemas.check("PATCH", one, app.call("PATCH", "/api/v1/developments/nothing", Some(&admin), Some(&patch)).await).await["status"], 404);
        schemas.check("PATCH", one, app.call("PATCH", &url, Some(&admin), Some(&patch)).await).await;
        let body = json!({"amount_min": 1000, "amount_max": 5000, "note": "Voté au budget"});
        assert_request_matches(&schemas, "PledgeRequest", &body);
        let mine = format!("{url}/pledges/nancy");
        let made = app.call("PUT", &mine, Some(&manager), Some(&body)).await;
        assert_eq!(made.status(), 201);
        schemas.check("PUT", pledge, made).await;
        let again = app.call("PUT", &mine, Some(&manager), Some(&body)).await;
        assert_eq!(again.status(), 200);
        schemas.check("PUT", pledge, again).await;
        assert_eq!(schemas.check("PUT", pledge, app.call("PUT", &mine, Some(&manager), Some(&json!({"amount_min": 9, "amount_max": 1}))).await).await["status"], 422);
        assert_eq!(schemas.check("PUT", pledge, app.call("PUT", &format!("{url}/pledges/arles"), Some(&manager), Some(&body)).await).await["status"], 403);
        assert_eq!(schemas.check("PUT", pledge, app.call("PUT", &mine, None, Some(&body)).await).await["status"], 401);
        // with amounts for a member, without for a stranger: both as documented
        schemas.check("GET", one, app.call("GET", &url, Some(&manager), None).await).await;
        schemas.check("GET", one, app.call("GET", &url, None, None).await).await;
        assert_eq!(schemas.check("GET", one, app.call("GET", "/api/v1/developments/nothing", None, None).await).await["status"], 404);
        schemas.check("GET", "/api/v1/organizations/{slug}", app.call("GET", "/api/v1/organizations/nancy", None, None).await).await;
        assert_eq!(schemas.check("DELETE", pledge, app.call("DELETE", &mine, Some(&member), None).await).await["status"], 403);
        let withdrawn = app.call("DELETE", &mine, Some(&manager), None).await;
        assert_eq!(withdrawn.status(), 204);
        schemas.check("DELETE", pledge, withdrawn).await;
        assert_eq!(schemas.check("DELETE", pledge, app.call("DELETE", &mine, Some(&manager), None).await).await["status"], 404);
    }

    async fn answers_of_minutes_and_attendance_match_the_document(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let schemas = Schemas::new(&document());
        let (coordinator, member) = coordinator_and_member(&app);
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin = app.api_token(&admin);
        let id = crate::join::session_with(&app, &admin, -30, None).await;
        let person = app.add_person("etat-civil@arles.example", Some("arles"), false, false);
        let answered = app.call("PUT", &format!("/api/v1/meetings/{id}/rsvp"), Some(&app.api_token(&person)), Some(&json!({"answer": "yes", "attendance": "remote"}))).await;
        assert_eq!(answered.status(), 200);

        let minutes = "/api/v1/meetings/{id}/minutes";
        let url = format!("/api/v1/meetings/{id}/minutes");
        let draft = json!({"draft": "# Relevé\n\n- point 1"});
        assert_request_matches(&schemas, "MinutesDraft", &draft);
        let refused = app.call("PUT", &url, Some(&member), Some(&draft)).await;
        assert_eq!(schemas.check("PUT", minutes, refused).await["status"], 403);
        let anonymous = app.call("PUT", &url, None, Some(&draft)).await;
        schemas.check("PUT", minutes, anonymous).await;
        let saved = app.call("PUT", &url, Some(&coordinator), Some(&draft)).await;
        assert_eq!(saved.status(), 200);
        assert_eq!(schemas.check("PUT", minutes, saved).await["state"], "draft");
        let too_long = app.call("PUT", &url, Some(&coordinator), Some(&json!({"draft": "x".repeat(100_001)}))).await;
        assert_eq!(schemas.check("PUT", minutes, too_long).await["errors"][0]["field"], "draft");
        let for_anyone = app.call("GET", &url, None, None).await;
        assert_eq!(schemas.check("GET", minutes, for_anyone).await["state"], "none");
        let for_organizer = app.call("GET", &url, Some(&coordinator), None).await;
        assert_eq!(schemas.check("GET", minutes, for_organizer).await["state"], "draft");

        let publish = "/api/v1/meetings/{id}/minutes/publish";
        let again = json!({"mail_again": true});
        assert_request_matches(&schemas, "MinutesPublish", &again);
        let by_member = app.call("POST", &format!("{url}/publish"), Some(&member), None).await;
        schemas.check("POST", publish, by_member).await;
        let published = app.call("POST", &format!("{url}/publish"), Some(&coordinator), None).await;
        assert_eq!(published.status(), 200);
        assert_eq!(schemas.check("POST", publish, published).await["mailed"], 1);
        let mailed_again = app.call("POST", &format!("{url}/publish"), Some(&coordinator), Some(&again)).await;
        assert_eq!(schemas.check("POST", publish, mailed_again).await["mailed"], 1);
        let bad = app.call("POST", &format!("{url}/publish"), Some(&coordinator), Some(&json!({"mail_again": "yes"}))).await;
        assert_eq!(schemas.check("POST", publish, bad).await["status"], 422);
        let other = crate::join::session_with(&app, &admin, -30, None).await;
        let nothing = app.call("POST", &format!("/api/v1/meetings/{other}/minutes/publish"), Some(&coordinator), None).await;
        assert_eq!(schemas.check("POST", publish, nothing).await["status"], 409);
        let published = app.call("GET", &url, None, None).await;
        assert_eq!(schemas.check("GET", minutes, published).await["state"], "published");

        let attendance = "/api/v1/meetings/{id}/attendance";
        let url = format!("/api/v1/meetings/{id}/attendance");
        let sheet = json!({"entries": [{"person": person.id, "status": "remote"}, {"person": "passage@club.example", "status": "in_person"}]});
        assert_request_matches(&schemas, "AttendanceInput", &sheet);
        let unknown = app.call("PUT", &url, Some(&coordinator), Some(&sheet)).await;
        assert_eq!(schemas.check("PUT", attendance, unknown).await["errors"][0]["field"], "entries[1].person");
        app.add_person("passage@club.example", None, false, false);
        let recorded = app.call("PUT", &url, Some(&coordinator), Some(&sheet)).await;
        assert_eq!(recorded.status(), 200);
        assert_eq!(schemas.check("PUT", attendance, recorded).await["entries"].as_array().map(Vec::len), Some(2));
        let by_member = app.call("PUT", &url, Some(&member), Some(&sheet)).await;
        schemas.check("PUT", attendance, by_member).await;
        let read = app.call("GET", &url, Some(&coordinator), None).await;
        assert_eq!(schemas.check("GET", attendance, read).await["open"], true);
        let later = app.call("POST", "/api/v1/meetings", Some(&admin), Some(&json!({"kind": "working_group_session", "working_group": "etat-civil", "title": "Plus tard", "starts_at_local": crate::join::local_in(120)}))).await;
        let later: Value = later.json().await.expect("json");
        let early = app.call("PUT", &format!("/api/v1/meetings/{}/attendance", later["id"].as_str().expect("id")), Some(&coordinator), Some(&sheet)).await;
        assert_eq!(schemas.check("PUT", attendance, early).await["status"], 409);
    }

    async fn the_document_is_served_with_this_instance_as_server(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app.get("/api/v1/openapi.json").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/json");
        let served: Value = response.json().await.expect("json");
        assert_eq!(served["servers"], json!([{"url": format!("{}/api/v1", app.address), "description": "This instance."}]));
        let mut written = document();
        written["servers"] = served["servers"].clone();
        assert_eq!(served, written);
    }

    async fn api_docs_page_lists_every_operation_in_french(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app.get("/api/docs").await;
        assert_eq!(response.status(), 200);
        let content_type = response.headers()["content-type"].to_str().expect("ascii").to_owned();
        assert!(content_type.starts_with("text/html"), "{content_type}");
        let html = scraper::Html::parse_document(&response.text().await.expect("body"));
        let lang = scraper::Selector::parse("html[lang=fr]").expect("selector");
        assert!(html.select(&lang).next().is_some());
        assert_eq!(texts(&html, "h1"), ["Documentation de l'API"]);
        let headings = texts(&html, "section.operation h3");
        let documented: Vec<String> = documented_operations(&document()).into_iter().map(|(m, p)| format!("{m} {p}")).collect();
        for operation in &documented {
            assert!(headings.contains(operation), "{operation} is not on /api/docs: {headings:?}");
        }
        assert_eq!(headings.len(), documented.len());
        let schemas = texts(&html, "section.schema h3");
        for name in document()["components"]["schemas"].as_object().expect("schemas").keys() {
            assert!(schemas.contains(name), "schema {name} is not on /api/docs");
        }
        // no inline script, nothing from elsewhere
        assert_eq!(texts(&html, "script"), [""]);
        let scripts = scraper::Selector::parse("script[src='/static/copy.js']").expect("selector");
        assert_eq!(html.select(&scripts).count(), 1);
        let outside = scraper::Selector::parse("link[href], img[src], iframe, style[src]").expect("selector");
        for element in html.select(&outside) {
            let target = element.attr("href").or(element.attr("src")).unwrap_or_default();
            assert!(target.starts_with('/') && !target.starts_with("//"), "{target}");
        }
        // every link within the page leads to an anchor of the page
        let anchors = scraper::Selector::parse("a[href^='#']").expect("selector");
        for link in html.select(&anchors) {
            let id = &link.attr("href").expect("href")[1..];
            let target = scraper::Selector::parse(&format!("[id='{id}']")).expect("selector");
            assert!(html.select(&target).next().is_some(), "#{id} leads nowhere");
        }

        let english = app.page("/api/docs?lang=en").await;
        let lang = scraper::Selector::parse("html[lang=en]").expect("selector");
        assert!(english.select(&lang).next().is_some());
        assert_eq!(texts(&english, "h1"), ["API documentation"]);
    }
}

/// A request the tests send is one the document allows.
fn assert_request_matches(schemas: &Schemas, name: &str, body: &Value) {
    let validator = schemas.validator(&format!("/components/schemas/{name}"));
    let errors: Vec<String> = validator.iter_errors(body).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{name}: {errors:?}");
}
