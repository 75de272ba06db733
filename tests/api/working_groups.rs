//! Following working groups, creating them and naming coordinators.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_demo_app, texts};
use crate::on_both_backends;

fn followers(app: &TestApp, slug: &str) -> i64 {
    app.with_conn(|conn| {
        let group = quorum::db::working_groups::find_by_slug(conn, slug)
            .expect("query")
            .expect("group");
        quorum::db::working_groups::follower_count(conn, &group.id).expect("count")
    })
}

async fn member_page_post(
    app: &TestApp,
    person: &crate::helpers::TestPerson,
    path: &str,
    form: &[(&str, &str)],
) -> u16 {
    app.signed_in(person)
        .await
        .post_form(path, form)
        .await
        .status()
        .as_u16()
}

on_both_backends! {
    async fn a_member_follows_and_unfollows_a_group(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let anonymous = app.browser().post_form("/groups/elections/follow", &[]).await;
        assert_eq!(anonymous.status(), 303);
        assert_eq!(followers(&app, "elections"), 0);
        let person = app.add_person("claire@nancy.fr", Some("nancy"), false, false);
        let browser = app.signed_in(&person).await;
        for _ in 0..2 {
            assert_eq!(browser.post_form("/groups/elections/follow", &[]).await.status(), 303);
        }
        assert_eq!(followers(&app, "elections"), 1, "following twice is following once");
        let page = scraper::Html::parse_document(&browser.get("/groups/elections").await.text().await.expect("body"));
        assert_eq!(texts(&page, "main form button"), ["Ne plus suivre"]);
        assert_eq!(browser.post_form("/groups/elections/unfollow", &[]).await.status(), 303);
        assert_eq!(followers(&app, "elections"), 0);
        assert_eq!(browser.post_form("/groups/no-such-group/follow", &[]).await.status(), 404);
    }

    async fn following_through_the_api(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let person = app.add_person("claire@nancy.fr", Some("nancy"), false, false);
        let token = app.api_token(&person);
        let url = format!("{}/api/v1/working-groups/social/follow", app.address);
        assert_eq!(app.client.post(&url).send().await.expect("answered").status(), 401);
        assert_eq!(app.client.post(&url).bearer_auth(&token).send().await.expect("answered").status(), 204);
        assert_eq!(followers(&app, "social"), 1);
        assert_eq!(app.client.delete(&url).bearer_auth(&token).send().await.expect("answered").status(), 204);
        assert_eq!(followers(&app, "social"), 0);
        let listed: Value = app.client.get(format!("{}/api/v1/working-groups", app.address)).send().await.expect("answered").json().await.expect("json");
        let slugs: Vec<&str> = listed["items"].as_array().expect("items").iter().map(|g| g["slug"].as_str().expect("slug")).collect();
        assert_eq!(slugs, ["connecteur-courrier", "democratie-participative", "elections", "etat-civil", "social"]);
    }

    async fn admins_create_groups_and_name_coordinators(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let future = app.add_person("urbanisme@arles.fr", Some("arles"), false, false);
        let member_token = app.api_token(&future);
        let group = json!({"slug": "urbanisme", "name": "Urbanisme", "topic": "Démarches d'urbanisme en ligne", "coordinators": ["urbanisme@arles.fr"]});
        let url = format!("{}/api/v1/working-groups", app.address);
        let refused = app.client.post(&url).bearer_auth(&member_token).json(&group).send().await.expect("answered");
        assert_eq!(refused.status(), 403);
        let created = app.client.post(&url).bearer_auth(app.api_token(&admin)).json(&group).send().await.expect("answered");
        assert_eq!(created.status(), 201);
        let page = app.page("/groups/urbanisme").await;
        assert_eq!(texts(&page, "h1"), ["Urbanisme"]);
        // the named coordinator may now schedule its sessions
        let browser = app.signed_in(&future).await;
        assert_eq!(browser.get("/meetings/new?group=urbanisme").await.status(), 200);

        // creating from the page, admins only
        assert_eq!(member_page_post(&app, &future, "/admin/groups", &[("slug", "culture"), ("name", "Culture")]).await, 403);
        let admin_browser = app.signed_in(&admin).await;
        let created = admin_browser.post_form("/admin/groups", &[("slug", "culture"), ("name", "Culture"), ("topic", "Billetterie")]).await;
        assert_eq!(created.headers()["location"], "/groups/culture");
        let taken = admin_browser.post_form("/admin/groups", &[("slug", "culture"), ("name", "Culture bis")]).await;
        assert_eq!(taken.status(), 422);

        // naming from the page, admins only
        let other = app.add_person("social@arles.fr", None, false, false);
        let member = app.signed_in(&other).await;
        assert_eq!(member.post_form("/groups/social/coordinators", &[("email", "social@arles.fr")]).await.status(), 403);
        let admin = app.signed_in(&admin).await;
        assert_eq!(admin.post_form("/groups/social/coordinators", &[("email", "SOCIAL@arles.fr")]).await.status(), 303);
        assert_eq!(member.get("/groups/social/edit").await.status(), 200);
    }
}
