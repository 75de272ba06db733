//! Who may change what: for each state-changing route, an anonymous caller,
//! a member without the role and a member with it; only the last succeeds.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_demo_app, texts};
use crate::on_both_backends;

fn nancy_highlight(app: &TestApp) -> String {
    app.with_conn(|conn| {
        quorum::db::organizations::find_by_slug(conn, "nancy")
            .expect("query")
            .expect("nancy")
            .project_highlight
    })
}

on_both_backends! {
    async fn only_managers_and_admins_edit_a_profile_page(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let before = nancy_highlight(&app);
        let form = [("project_highlight", "Changed"), ("website", "https://www.nancy.fr")];

        let anonymous = app.browser().post_form("/orgs/nancy/edit", &form).await;
        assert_eq!(anonymous.status(), 303);
        assert!(anonymous.headers()["location"].to_str().expect("ascii").starts_with("/signin?next="));

        let member = app.add_person("member@strasbourg.eu", Some("strasbourg"), false, true);
        let refused = app.signed_in(&member).await.post_form("/orgs/nancy/edit", &form).await;
        assert_eq!(refused.status(), 403);
        let html = scraper::Html::parse_document(&refused.text().await.expect("body"));
        assert!(texts(&html, "main p")[0].contains("gestionnaires de cette collectivité"));
        assert_eq!(nancy_highlight(&app), before, "a refused edit changed something");

        let manager = app.add_person("manager@nancy.fr", Some("nancy"), false, true);
        let browser = app.signed_in(&manager).await;
        let page = browser.get("/orgs/nancy").await.text().await.expect("body");
        assert!(page.contains("/orgs/nancy/edit"), "the manager sees the edit link");
        let accepted = browser.post_form("/orgs/nancy/edit", &form).await;
        assert_eq!(accepted.status(), 303);
        assert_eq!(nancy_highlight(&app), "Changed");

        let admin = app.add_person("admin@club.example", None, true, false);
        let by_admin = app.signed_in(&admin).await.post_form("/orgs/nancy/edit", &[("project_highlight", "By admin")]).await;
        assert_eq!(by_admin.status(), 303);
        assert_eq!(nancy_highlight(&app), "By admin");
    }

    async fn invalid_profile_is_shown_again_with_the_input_kept(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let manager = app.add_person("manager@nancy.fr", Some("nancy"), false, true);
        let before = nancy_highlight(&app);
        let response = app
            .signed_in(&manager)
            .await
            .post_form("/orgs/nancy/edit", &[("project_highlight", "Mon texte"), ("website", "javascript:alert(1)")])
            .await;
        assert_eq!(response.status(), 422);
        let html = scraper::Html::parse_document(&response.text().await.expect("body"));
        assert_eq!(texts(&html, "textarea#project_highlight"), ["Mon texte"]);
        assert_eq!(texts(&html, "#website-error").len(), 1);
        assert_eq!(nancy_highlight(&app), before);
    }

    async fn only_coordinators_and_admins_edit_a_group(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let form = [("topic", "Nouveau sujet"), ("description", "")];
        let topic = |app: &TestApp| app.with_conn(|conn| {
            quorum::db::working_groups::find_by_slug(conn, "elections").expect("query").expect("group").topic
        });
        let before = topic(&app);
        assert_eq!(app.browser().post_form("/groups/elections/edit", &form).await.status(), 303);
        let member = app.add_person("someone@arles.fr", Some("arles"), false, false);
        assert_eq!(app.signed_in(&member).await.post_form("/groups/elections/edit", &form).await.status(), 403);
        let other_coordinator = app.add_person("social@arles.fr", None, false, false);
        app.make_coordinator(&other_coordinator, "social");
        assert_eq!(app.signed_in(&other_coordinator).await.post_form("/groups/elections/edit", &form).await.status(), 403);
        assert_eq!(topic(&app), before);
        let coordinator = app.add_person("elections@arles.fr", None, false, false);
        app.make_coordinator(&coordinator, "elections");
        assert_eq!(app.signed_in(&coordinator).await.post_form("/groups/elections/edit", &form).await.status(), 303);
        assert_eq!(topic(&app), "Nouveau sujet");
    }

    async fn only_admins_add_people(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let form = [("email", "Nouvelle.Personne@Vincennes.fr"), ("name", "Nouvelle Personne"), ("organization", "vincennes")];
        let exists = |app: &TestApp| app.with_conn(|conn| {
            quorum::db::people::find_by_email(conn, "nouvelle.personne@vincennes.fr").expect("query").is_some()
        });
        assert_eq!(app.browser().post_form("/admin/people", &form).await.status(), 303);
        assert_eq!(app.browser().get("/admin/people").await.status(), 303);
        let manager = app.add_person("manager@vincennes.fr", Some("vincennes"), false, true);
        let manager = app.signed_in(&manager).await;
        assert_eq!(manager.post_form("/admin/people", &form).await.status(), 403);
        assert_eq!(manager.get("/admin/people").await.status(), 403);
        assert!(!exists(&app));
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin = app.signed_in(&admin).await;
        assert_eq!(admin.post_form("/admin/people", &form).await.status(), 303);
        assert!(exists(&app));
        // the same address in another case is refused, the form kept
        let again = admin.post_form("/admin/people", &[("email", "NOUVELLE.personne@vincennes.fr"), ("name", "Doublon")]).await;
        assert_eq!(again.status(), 422);
        let html = scraper::Html::parse_document(&again.text().await.expect("body"));
        assert_eq!(texts(&html, "#email-error").len(), 1);
        let kept = scraper::Selector::parse("input#name").expect("selector");
        assert_eq!(html.select(&kept).next().and_then(|e| e.attr("value")), Some("Doublon"));
    }

    async fn only_admins_add_bodies(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let form = [("name", "Ville de Lille"), ("slug", "lille"), ("kind", "commune"), ("club_status", "observer"), ("territory", "Nord")];
        assert_eq!(app.browser().post_form("/admin/orgs", &form).await.status(), 303);
        let manager = app.add_person("manager@nancy.fr", Some("nancy"), false, true);
        assert_eq!(app.signed_in(&manager).await.post_form("/admin/orgs", &form).await.status(), 403);
        assert_eq!(app.get("/orgs/lille").await.status(), 404);
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin = app.signed_in(&admin).await;
        let created = admin.post_form("/admin/orgs", &form).await;
        assert_eq!(created.status(), 303);
        assert_eq!(created.headers()["location"], "/orgs/lille");
        let page = app.page("/orgs/lille").await;
        assert_eq!(texts(&page, "h1"), ["Ville de Lille"]);
        let taken = admin.post_form("/admin/orgs", &[("name", "Autre Lille"), ("slug", "lille"), ("kind", "commune"), ("club_status", "member")]).await;
        assert_eq!(taken.status(), 422);
        let html = scraper::Html::parse_document(&taken.text().await.expect("body"));
        assert_eq!(texts(&html, "#slug-error").len(), 1);
        let kept = scraper::Selector::parse("input#name").expect("selector");
        assert_eq!(html.select(&kept).next().and_then(|e| e.attr("value")), Some("Autre Lille"));
    }

    async fn profile_changes_need_a_session(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        assert_eq!(app.browser().get("/me").await.status(), 303);
        assert_eq!(app.browser().post_form("/me", &[("name", "X"), ("language", "en")]).await.status(), 303);
        let person = app.add_person("claire@nancy.fr", Some("nancy"), false, false);
        let browser = app.signed_in(&person).await;
        let saved = browser.post_form("/me", &[("name", "Claire Martin"), ("language", "en"), ("notify_meetings", "on")]).await;
        assert_eq!(saved.status(), 303);
        let stored = app.with_conn(|conn| quorum::db::people::find(conn, &person.id).expect("query").expect("person"));
        assert_eq!((stored.name.as_str(), stored.language.as_str()), ("Claire Martin", "en"));
        assert!(stored.notify_meetings && !stored.notify_group_sessions);
        // the chosen language is now the pages' language
        let html = scraper::Html::parse_document(&browser.get("/").await.text().await.expect("body"));
        assert_eq!(texts(&html, "h1"), ["Upcoming meetings"]);
        let bad = browser.post_form("/me", &[("name", "   "), ("language", "fr")]).await;
        assert_eq!(bad.status(), 422);
    }

    async fn api_writes_need_the_right_token(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let url = |path: &str| format!("{}{path}", app.address);
        let new_org = json!({"slug": "lille", "name": "Ville de Lille", "kind": "commune", "club_status": "observer"});
        let anonymous = app.client.post(url("/api/v1/organizations")).json(&new_org).send().await.expect("answered");
        assert_eq!(anonymous.status(), 401);
        assert_eq!(anonymous.headers()["content-type"], "application/problem+json");

        let manager = app.add_person("manager@nancy.fr", Some("nancy"), false, true);
        let manager_token = app.api_token(&manager);
        let refused = app.client.post(url("/api/v1/organizations")).bearer_auth(&manager_token).json(&new_org).send().await.expect("answered");
        assert_eq!(refused.status(), 403);
        let patch = json!({"profile": {"roadmap": "2027 : portail usagers"}});
        let other = app.client.patch(url("/api/v1/organizations/arles")).bearer_auth(&manager_token).json(&patch).send().await.expect("answered");
        assert_eq!(other.status(), 403);
        let own = app.client.patch(url("/api/v1/organizations/nancy")).bearer_auth(&manager_token).json(&patch).send().await.expect("answered");
        assert_eq!(own.status(), 200);
        let body: Value = own.json().await.expect("json");
        assert_eq!(body["profile"]["roadmap"], "2027 : portail usagers");
        assert!(body["profile"]["project_highlight"].as_str().expect("kept").contains("co-construction"));

        let admin = app.add_person("admin@club.example", None, true, false);
        let admin_token = app.api_token(&admin);
        let created = app.client.post(url("/api/v1/organizations")).bearer_auth(&admin_token).json(&new_org).send().await.expect("answered");
        assert_eq!(created.status(), 201);
        let taken = app.client.post(url("/api/v1/organizations")).bearer_auth(&admin_token).json(&new_org).send().await.expect("answered");
        assert_eq!(taken.status(), 409);

        // a cookie never authenticates the API
        let browser = app.signed_in(&admin).await;
        let with_cookie = browser.client.post(url("/api/v1/people")).json(&json!({"email": "x@y.fr", "name": "X"})).send().await.expect("answered");
        assert_eq!(with_cookie.status(), 401);
    }

    async fn api_people_are_created_by_admins_with_field_errors(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let url = format!("{}/api/v1/people", app.address);
        let invalid = app.client.post(&url).bearer_auth(&token)
            .json(&json!({"email": "not-an-address", "name": "", "roles": ["org_manager"]}))
            .send().await.expect("answered");
        assert_eq!(invalid.status(), 422);
        let problem: Value = invalid.json().await.expect("json");
        let fields: Vec<&str> = problem["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().expect("field")).collect();
        assert_eq!(fields, ["email", "name", "organization"]);
        let created = app.client.post(&url).bearer_auth(&token)
            .json(&json!({"email": "Lea@Amiens.fr", "name": "Léa", "organization": "amiens", "roles": ["org_manager"]}))
            .send().await.expect("answered");
        assert_eq!(created.status(), 201);
        let person: Value = created.json().await.expect("json");
        assert_eq!(person["roles"], json!(["org_manager"]));
        assert_eq!(person["organization"], "amiens");
        let listed: Value = app.client.get(format!("{url}?limit=1")).bearer_auth(&token).send().await.expect("answered").json().await.expect("json");
        assert_eq!(listed["items"].as_array().expect("items").len(), 1);
        assert!(listed["next_cursor"].is_string());
        let me: Value = app.client.get(format!("{}/api/v1/me", app.address)).bearer_auth(&token).send().await.expect("answered").json().await.expect("json");
        assert_eq!(me["email"], "admin@club.example");
        assert_eq!(me["roles"], json!(["admin"]));
        let bad_json = app.client.post(&url).bearer_auth(&token).header("content-type", "application/json").body("{").send().await.expect("answered");
        assert_eq!(bad_json.status(), 422);
    }

    async fn revoked_token_stops_working(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let person = app.add_person("claire@nancy.fr", Some("nancy"), false, false);
        let browser = app.signed_in(&person).await;
        let created = browser.post_form("/me/tokens", &[("name", "connecteur GEC")]).await;
        assert_eq!(created.status(), 200);
        assert_eq!(created.headers()["cache-control"], "no-store");
        let html = scraper::Html::parse_document(&created.text().await.expect("body"));
        let token = texts(&html, "code.token").pop().expect("the token is shown once");
        let me = format!("{}/api/v1/me", app.address);
        assert_eq!(app.client.get(&me).bearer_auth(&token).send().await.expect("answered").status(), 200);
        let stored: Vec<String> = app.with_conn(|conn| {
            quorum::db::people::api_tokens_of(conn, &person.id).expect("query").into_iter().map(|t| t.id).collect()
        });
        // nobody else can revoke it
        let stranger = app.add_person("eve@example.org", None, false, false);
        let by_stranger = app.signed_in(&stranger).await.post_form(&format!("/me/tokens/{}/revoke", stored[0]), &[]).await;
        assert_eq!(by_stranger.status(), 404);
        assert_eq!(app.client.get(&me).bearer_auth(&token).send().await.expect("answered").status(), 200);
        let revoked = browser.post_form(&format!("/me/tokens/{}/revoke", stored[0]), &[]).await;
        assert_eq!(revoked.status(), 303);
        assert_eq!(app.client.get(&me).bearer_auth(&token).send().await.expect("answered").status(), 401);
        // the page shows it once only
        let again = browser.get("/me").await.text().await.expect("body");
        assert!(!again.contains(&token));
    }

    async fn forms_without_the_csrf_token_change_nothing(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let manager = app.add_person("manager@nancy.fr", Some("nancy"), false, true);
        let browser = app.signed_in(&manager).await;
        let before = nancy_highlight(&app);
        let missing = browser.post_raw("/orgs/nancy/edit", &[("project_highlight", "forged")]).await;
        assert_eq!(missing.status(), 403);
        let wrong = browser.post_raw("/orgs/nancy/edit", &[("project_highlight", "forged"), ("csrf_token", "guess")]).await;
        assert_eq!(wrong.status(), 403);
        let token = browser.csrf_token().await;
        let cross_site = browser
            .client
            .post(format!("{}/orgs/nancy/edit", app.address))
            .header("origin", "https://evil.example")
            .form(&[("project_highlight", "forged"), ("csrf_token", token.as_str())])
            .send()
            .await
            .expect("answered");
        assert_eq!(cross_site.status(), 403);
        assert_eq!(nancy_highlight(&app), before);
        // another browser's token does not work either
        let other = app.browser();
        let other_token = other.csrf_token().await;
        let stolen = browser.post_raw("/orgs/nancy/edit", &[("project_highlight", "forged"), ("csrf_token", other_token.as_str())]).await;
        assert_eq!(stolen.status(), 403);
        assert_eq!(nancy_highlight(&app), before);
    }

    async fn signing_out_ends_the_session(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let person = app.add_person("claire@nancy.fr", Some("nancy"), false, false);
        let browser = app.signed_in(&person).await;
        assert_eq!(browser.get("/me").await.status(), 200);
        assert_eq!(browser.post_form("/signout", &[]).await.status(), 303);
        assert_eq!(browser.get("/me").await.status(), 303);
    }
}

on_both_backends! {
    async fn only_admins_see_the_outbox_and_it_never_shows_bodies(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let claire = app.add_person("claire.martin@nancy.fr", Some("nancy"), false, false);
        app.browser().post_form("/signin", &[("email", "claire.martin@nancy.fr")]).await;
        let sent = app.wait_for_mail(1).await;
        let body = String::from_utf8_lossy(&sent[0].raw).into_owned();
        let token = body.split("/signin/").nth(1).and_then(|rest| rest.get(..43)).expect("a link").to_owned();

        assert_eq!(app.browser().get("/admin/outbox").await.status(), 303);
        assert_eq!(app.signed_in(&claire).await.get("/admin/outbox").await.status(), 403);
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin = app.signed_in(&admin).await;
        let page = admin.get("/admin/outbox").await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.expect("body");
        assert!(html.contains("claire.martin@nancy.fr"));
        assert!(!html.contains(&token), "the outbox page shows a sign-in link");

        // a failed message can be sent again, by an admin only
        let id = app.with_conn(|conn| {
            use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
            use quorum::db::schema::outbox_messages::dsl as o;
            diesel::update(o::outbox_messages).set(o::state.eq("failed")).execute(conn).expect("fail it");
            o::outbox_messages.select(o::id).first::<String>(conn).expect("the message")
        });
        let member = app.signed_in(&claire).await;
        assert_eq!(member.post_form(&format!("/admin/outbox/{id}/retry"), &[]).await.status(), 403);
        let retried = admin.post_form(&format!("/admin/outbox/{id}/retry"), &[]).await;
        assert_eq!(retried.status(), 303);
        let state = app.with_conn(|conn| {
            quorum::infra::mail::outbox::find(conn, &id).expect("query").expect("message").state
        });
        assert_ne!(state, "failed");
    }
}

on_both_backends! {
    async fn admins_change_roles_but_never_remove_the_last_admin(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let claire = app.add_person("claire@nancy.fr", Some("nancy"), false, false);
        let path = format!("/admin/people/{}", claire.id);
        let promote = [("name", "Claire Martin"), ("organization", "nancy"), ("manager", "on")];
        assert_eq!(app.browser().post_form(&path, &promote).await.status(), 303);
        let member = app.signed_in(&claire).await;
        assert_eq!(member.post_form(&path, &promote).await.status(), 403);
        assert_eq!(member.post_form("/orgs/nancy/edit", &[("roadmap", "x")]).await.status(), 403);

        let admin = app.add_person("admin@club.example", None, true, false);
        let admin_browser = app.signed_in(&admin).await;
        assert_eq!(admin_browser.get(&path).await.status(), 200);
        assert_eq!(admin_browser.post_form(&path, &promote).await.status(), 303);
        // the new role is checked on the next request
        assert_eq!(member.post_form("/orgs/nancy/edit", &[("roadmap", "x")]).await.status(), 303);
        // and taken back
        assert_eq!(admin_browser.post_form(&path, &[("name", "Claire Martin"), ("organization", "nancy")]).await.status(), 303);
        assert_eq!(member.post_form("/orgs/nancy/edit", &[("roadmap", "y")]).await.status(), 403);

        // the demo's admin and this one: removing both leaves nobody, so the second is refused
        let brice = app.with_conn(|conn| quorum::db::people::find_by_email(conn, "brice.mallet@entrouvert.example").expect("query").expect("brice").id);
        assert_eq!(admin_browser.post_form(&format!("/admin/people/{brice}"), &[("name", "Brice Mallet"), ("organization", "entrouvert")]).await.status(), 303);
        let last = admin_browser.post_form(&format!("/admin/people/{}", admin.id), &[("name", "Admin")]).await;
        assert_eq!(last.status(), 422);
        let count = app.with_conn(|conn| quorum::db::people::admin_count(conn).expect("count"));
        assert_eq!(count, 1);
    }
}

on_both_backends! {
    async fn two_admins_demoting_each_other_at_once_leave_one(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let brice = app.with_conn(|conn| quorum::db::people::find_by_email(conn, "brice.mallet@entrouvert.example").expect("query").expect("brice").id);
        let other = app.add_person("admin@club.example", None, true, false);
        for _ in 0..5 {
            let (a, b) = (app.db.clone(), app.db.clone());
            let (brice_id, other_id) = (brice.clone(), other.id.clone());
            let demote = |db: quorum::db::Db, id: String| {
                tokio::task::spawn_blocking(move || {
                    let mut conn = db.get().expect("connection");
                    quorum::db::write_transaction(&mut conn, |conn| {
                        quorum::db::people::update_by_admin(conn, &id, "Admin", None, false, false)
                    })
                })
            };
            let (first, second) = tokio::join!(demote(a, brice_id), demote(b, other_id));
            let outcomes = [first.expect("joined").is_ok(), second.expect("joined").is_ok()];
            assert_eq!(outcomes.iter().filter(|ok| **ok).count(), 1, "{outcomes:?}");
            assert_eq!(app.with_conn(|conn| quorum::db::people::admin_count(conn).expect("count")), 1);
            // both admins again for the next round
            app.with_conn(|conn| {
                use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
                use quorum::db::schema::people::dsl as p;
                diesel::update(p::people.filter(p::id.eq_any([brice.clone(), other.id.clone()]))).set(p::is_admin.eq(true)).execute(conn).expect("restore");
            });
        }
    }
}
