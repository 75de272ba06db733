//! Date polls: from the slots offered to the session scheduled, through
//! the API and the pages — totals, hidden results, who may do what, bad
//! input, and two closers at once.

use diesel::prelude::*;
use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::helpers::{Browser, TestApp, TestPerson, api, send, spawn_app, texts};
use crate::on_both_backends;

use quorum::db::schema::{meetings, outbox_messages};

/// An app with the état-civil group, its coordinator and their token.
async fn group_app(backend: crate::helpers::Backend) -> (TestApp, TestPerson, String) {
    let app = spawn_app(backend).await;
    let admin = app.add_person("admin@club.example", None, true, false);
    let (status, body) = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/working-groups",
        &app.api_token(&admin),
        Some(json!({"slug": "etat-civil", "name": "État civil", "topic": "Actes et mentions"})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let coordinator = app.add_person("coordinatrice@club.example", None, false, false);
    app.make_coordinator(&coordinator, "etat-civil");
    let token = app.api_token(&coordinator);
    (app, coordinator, token)
}

fn three_slots() -> Value {
    json!([
        {"starts_at_local": "2099-01-12T14:00", "ends_at_local": "2099-01-12T16:00"},
        {"starts_at_local": "2099-01-13T10:00", "ends_at_local": "2099-01-13T12:00"},
        {"starts_at_local": "2099-01-15T14:00", "ends_at_local": "2099-01-15T16:00"},
    ])
}

async fn create_poll(app: &TestApp, token: &str, fields: Value) -> (u16, Value) {
    let mut body = json!({
        "title": "Session état civil de janvier",
        "description": "Dématérialisation des actes",
        "working_group": "etat-civil",
        "time_zone": "Europe/Paris",
        "slots": three_slots(),
    });
    for (k, v) in fields.as_object().expect("fields") {
        body[k] = v.clone();
    }
    send(
        app,
        reqwest::Method::POST,
        "/api/v1/date-polls",
        token,
        Some(body),
    )
    .await
}

async fn created_poll(app: &TestApp, token: &str, fields: Value) -> String {
    let (status, poll) = create_poll(app, token, fields).await;
    assert_eq!(status, 201, "{poll}");
    poll["id"].as_str().expect("id").to_owned()
}

async fn answer(app: &TestApp, poll: &str, token: Option<&str>, answers: Value) -> (u16, Value) {
    api(
        app,
        reqwest::Method::PUT,
        &format!("/api/v1/date-polls/{poll}/answers"),
        token,
        Some(&json!({ "answers": answers })),
    )
    .await
}

async fn close(app: &TestApp, poll: &str, token: &str, slot: i64) -> (u16, Value) {
    send(
        app,
        reqwest::Method::POST,
        &format!("/api/v1/date-polls/{poll}/close"),
        token,
        Some(json!({ "slot": slot })),
    )
    .await
}

async fn show(app: &TestApp, poll: &str, token: Option<&str>) -> Value {
    let (status, body) = api(
        app,
        reqwest::Method::GET,
        &format!("/api/v1/date-polls/{poll}"),
        token,
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

/// `n` people of no body, with their tokens.
fn people(app: &TestApp, n: usize) -> Vec<(TestPerson, String)> {
    (0..n)
        .map(|i| {
            let person = app.add_person(&format!("membre{i}@club.example"), None, false, false);
            let token = app.api_token(&person);
            (person, token)
        })
        .collect()
}

/// The outbox's (kind, recipient) pairs.
fn outbox(app: &TestApp) -> Vec<(String, String)> {
    app.with_conn(|conn| {
        outbox_messages::table
            .select((outbox_messages::kind, outbox_messages::recipient))
            .load(conn)
            .expect("outbox")
    })
}

fn group_sessions(app: &TestApp) -> i64 {
    app.with_conn(|conn| {
        meetings::table
            .filter(meetings::working_group_id.is_not_null())
            .count()
            .get_result(conn)
            .expect("count")
    })
}

fn totals(poll: &Value) -> Vec<[i64; 3]> {
    poll["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|s| {
            let t = &s["totals"];
            [&t["yes"], &t["if_need_be"], &t["no"]].map(|n| n.as_i64().expect("a total"))
        })
        .collect()
}

on_both_backends! {
    async fn the_demo_social_group_has_an_open_poll_with_answers(backend: Backend) {
        let app = crate::helpers::spawn_demo_app(backend).await;
        let group = app.page("/groups/social").await;
        let links = attrs(&group, "ul.date-polls a", "href");
        assert_eq!(links.len(), 1, "{links:?}");
        let polls: Value = app.get("/api/v1/working-groups/social/date-polls").await.json().await.expect("json");
        let poll = &polls["items"][0];
        assert_eq!(poll["state"], "open");
        assert_eq!(poll["slots"].as_array().expect("slots").len(), 3);
        let answered: i64 = totals(poll).iter().map(|t| t.iter().sum::<i64>()).max().unwrap_or_default();
        assert_eq!(answered, 4, "four bodies answered every slot");
        assert_eq!(poll["best_slot"], 1, "the Thursday suits most: {poll}");
        assert!(outbox(&app).iter().all(|(kind, _)| kind != "invitation" && kind != "date_chosen"), "loaded without mail");

        // the grid, in English too, with the sign-in prompt and no names
        let english = app.page(&format!("{}?lang=en", links[0])).await;
        assert_eq!(texts(&english, "h2"), ["Your availability", "Results"]);
        assert!(texts(&english, "a").iter().any(|t| t == "Sign in to answer the poll"));
        assert!(texts(&english, "table.poll-people").is_empty());
        assert_eq!(texts(&english, "table.poll-results tbody tr").len(), 3);
    }

    async fn a_poll_goes_from_slots_to_a_session_with_invitations(backend: Backend) {
        let (app, _, coordinator) = group_app(backend).await;
        let (status, poll) = create_poll(&app, &coordinator, json!({})).await;
        assert_eq!(status, 201, "{poll}");
        assert_eq!(poll["state"], "open");
        assert_eq!(poll["slots"][0]["starts_at"], "2099-01-12T14:00:00+01:00");
        assert_eq!(poll["slots"][0]["starts_at_local"], "2099-01-12T14:00");
        assert_eq!(poll["slots"][2]["ends_at"], "2099-01-15T16:00:00+01:00");
        let id = poll["id"].as_str().expect("id").to_owned();

        let members = people(&app, 4);
        let sent = [
            json!([{"slot": 0, "answer": "no"}]),
            json!([{"slot": 0, "answer": "yes"}, {"slot": 1, "answer": "yes"}, {"slot": 2, "answer": "no"}]),
            json!([{"slot": 0, "answer": "if_need_be"}, {"slot": 1, "answer": "no"}, {"slot": 2, "answer": "no"}]),
            json!([{"slot": 1, "answer": "yes"}]),
        ];
        for ((_, token), answers) in members.iter().zip(sent) {
            let (status, body) = answer(&app, &id, Some(token), answers).await;
            assert_eq!(status, 200, "{body}");
        }
        // answering again replaces: the first member now says yes to 0, if need be to 2
        let (status, mine) = answer(&app, &id, Some(&members[0].1), json!([{"slot": 2, "answer": "if_need_be"}, {"slot": 0, "answer": "yes"}])).await;
        assert_eq!(status, 200, "{mine}");
        assert_eq!(mine["my_answers"], json!([{"slot": 0, "answer": "yes"}, {"slot": 1, "answer": "no"}, {"slot": 2, "answer": "if_need_be"}]));

        let seen = show(&app, &id, Some(&members[3].1)).await;
        assert_eq!(totals(&seen), [[2, 1, 1], [2, 0, 2], [0, 1, 3]]);
        assert_eq!(seen["best_slot"], 0);
        assert_eq!(seen["answers"].as_array().expect("names").len(), 4);
        let anonymous = show(&app, &id, None).await;
        assert_eq!(totals(&anonymous), totals(&seen));
        assert_eq!(anonymous["answers"], Value::Null, "no names for anonymous visitors");

        let (status, meeting) = close(&app, &id, &coordinator, 0).await;
        assert_eq!(status, 200, "{meeting}");
        assert_eq!(meeting["kind"], "working_group_session");
        assert_eq!(meeting["working_group"], "etat-civil");
        assert_eq!(meeting["status"], "scheduled");
        assert_eq!(meeting["format"], "remote");
        assert_eq!(meeting["time_zone"], "Europe/Paris");
        assert_eq!(meeting["starts_at"], "2099-01-12T14:00:00+01:00");
        assert_eq!(meeting["ends_at"], "2099-01-12T16:00:00+01:00");
        let meeting_id = meeting["id"].as_str().expect("id").to_owned();
        let listed: Value = app.get("/api/v1/meetings?working_group=etat-civil").await.json().await.expect("json");
        assert_eq!(listed["items"][0]["id"], meeting_id.as_str());

        let closed = show(&app, &id, Some(&members[0].1)).await;
        assert_eq!(closed["state"], "closed");
        assert_eq!(closed["chosen_slot"], 0);
        assert_eq!(closed["meeting"], meeting_id.as_str());

        let mail = outbox(&app);
        let to = |kind: &str, who: &TestPerson| mail.contains(&(kind.to_owned(), who.email.clone()));
        for (person, _) in &members[..3] {
            assert!(to("invitation", person), "{} invited: {mail:?}", person.email);
        }
        assert!(!to("invitation", &members[3].0), "a no is not invited: {mail:?}");
        assert!(to("date_chosen", &members[3].0), "a no is told the date: {mail:?}");
        assert_eq!(mail.len(), 4, "{mail:?}");

        // closing again on that slot gives the same meeting; another slot is refused
        let (status, again) = close(&app, &id, &coordinator, 0).await;
        assert_eq!((status, again["id"].as_str()), (200, Some(meeting_id.as_str())));
        let (status, other) = close(&app, &id, &coordinator, 1).await;
        assert_eq!(status, 409, "{other}");
        assert_eq!(group_sessions(&app), 1);
        assert_eq!(outbox(&app).len(), 4, "closing again sends nothing");

        let (status, late) = answer(&app, &id, Some(&members[1].1), json!([{"slot": 0, "answer": "no"}])).await;
        assert_eq!(status, 409, "{late}");
        assert_eq!(totals(&show(&app, &id, None).await)[0], [2, 1, 1]);
    }

    async fn two_closers_at_once_schedule_one_meeting(backend: Backend) {
        let (app, _, coordinator) = group_app(backend).await;
        let admin = app.add_person("autre-admin@club.example", None, true, false);
        let admin = app.api_token(&admin);
        let id = created_poll(&app, &coordinator, json!({})).await;
        let (_, voter) = people(&app, 1).remove(0);
        answer(&app, &id, Some(&voter), json!([{"slot": 0, "answer": "yes"}, {"slot": 1, "answer": "yes"}])).await;
        let closers = [(&coordinator, 0), (&admin, 1), (&coordinator, 1), (&admin, 0)];
        let results = join_all(closers.iter().map(|(token, slot)| close(&app, &id, token, *slot))).await;
        let ok: Vec<&Value> = results.iter().filter(|(s, _)| *s == 200).map(|(_, b)| b).collect();
        assert!(!ok.is_empty(), "{results:?}");
        assert!(results.iter().all(|(s, _)| *s == 200 || *s == 409), "{results:?}");
        assert!(ok.iter().all(|m| m["id"] == ok[0]["id"]), "{results:?}");
        assert_eq!(group_sessions(&app), 1);
        let invitations = outbox(&app).into_iter().filter(|(k, _)| k == "invitation").count();
        assert_eq!(invitations, 1, "one invitation for the one voter");
    }

    async fn only_coordinators_create_and_close_and_only_members_answer(backend: Backend) {
        let (app, _, coordinator) = group_app(backend).await;
        let (_, member) = people(&app, 1).remove(0);
        let (status, refused) = create_poll(&app, &member, json!({})).await;
        assert_eq!(status, 403, "{refused}");
        let id = created_poll(&app, &coordinator, json!({"deadline": "2098-12-31T18:00"})).await;
        assert_eq!(show(&app, &id, None).await["deadline"], "2098-12-31T18:00:00+01:00");
        let (status, _) = close(&app, &id, &member, 0).await;
        assert_eq!(status, 403);
        let (status, _) = send(&app, reqwest::Method::POST, &format!("/api/v1/date-polls/{id}/cancel"), &member, None).await;
        assert_eq!(status, 403);
        let (status, _) = answer(&app, &id, None, json!([{"slot": 0, "answer": "yes"}])).await;
        assert_eq!(status, 401);
        let (status, _) = answer(&app, &id, Some(&member), json!([{"slot": 0, "answer": "yes"}])).await;
        assert_eq!(status, 200);

        // the deadline passes: nobody answers any more
        app.with_conn(|conn| {
            use quorum::db::schema::date_polls;
            diesel::update(date_polls::table.find(&id))
                .set(date_polls::deadline.eq(Some(quorum::db::now() - chrono::Duration::minutes(1))))
                .execute(conn)
                .expect("deadline moved")
        });
        let (status, late) = answer(&app, &id, Some(&member), json!([{"slot": 0, "answer": "no"}])).await;
        assert_eq!(status, 409, "{late}");
        assert_eq!(show(&app, &id, Some(&member)).await["my_answers"][0]["answer"], "yes");

        // a cancelled poll takes no answers and closes on nothing
        let other = created_poll(&app, &coordinator, json!({})).await;
        let (status, cancelled) = send(&app, reqwest::Method::POST, &format!("/api/v1/date-polls/{other}/cancel"), &coordinator, None).await;
        assert_eq!((status, cancelled["state"].as_str()), (200, Some("cancelled")));
        assert_eq!(answer(&app, &other, Some(&member), json!([])).await.0, 409);
        assert_eq!(close(&app, &other, &coordinator, 0).await.0, 409);
        assert_eq!(group_sessions(&app), 0);
    }

    async fn hidden_results_are_for_coordinators_until_closing(backend: Backend) {
        let (app, coordinator_person, coordinator) = group_app(backend).await;
        let id = created_poll(&app, &coordinator, json!({"hide_results": true})).await;
        let members = people(&app, 2);
        answer(&app, &id, Some(&members[0].1), json!([{"slot": 1, "answer": "yes"}])).await;
        let hidden = show(&app, &id, Some(&members[1].1)).await;
        assert_eq!(hidden["results_visible"], false);
        assert!(hidden["slots"].as_array().expect("slots").iter().all(|s| s["totals"].is_null()), "{hidden}");
        assert_eq!(hidden["answers"], Value::Null);
        assert_eq!(hidden["best_slot"], Value::Null);
        let own = show(&app, &id, Some(&members[0].1)).await;
        assert_eq!(own["my_answers"][1]["answer"], "yes", "one's own answers stay visible");
        assert!(own["slots"][1]["totals"].is_null());
        let seen = show(&app, &id, Some(&coordinator)).await;
        assert_eq!(totals(&seen)[1], [1, 0, 0]);

        // the page: no table for members, the table for the coordinator
        let member_page = page(&app.signed_in(&members[1].0).await, &format!("/date-polls/{id}")).await;
        assert!(texts(&member_page, "table.poll-results").is_empty());
        assert!(texts(&member_page, "#results ~ p").iter().any(|t| t.contains("cachés")));
        assert!(texts(&member_page, "table.poll-people").is_empty());
        let coordinator_page = page(&app.signed_in(&coordinator_person).await, &format!("/date-polls/{id}")).await;
        assert_eq!(texts(&coordinator_page, "table.poll-results tbody tr").len(), 3);
        assert_eq!(texts(&coordinator_page, "table.poll-people tbody th"), ["Test Person"]);

        let (status, _) = close(&app, &id, &coordinator, 1).await;
        assert_eq!(status, 200);
        let after = show(&app, &id, Some(&members[1].1)).await;
        assert_eq!(totals(&after)[1], [1, 0, 0]);
        let member_page = page(&app.signed_in(&members[1].0).await, &format!("/date-polls/{id}")).await;
        assert_eq!(texts(&member_page, "table.poll-results tbody tr").len(), 3);
    }

    async fn bad_polls_and_answers_are_refused_by_field(backend: Backend) {
        let (app, _, coordinator) = group_app(backend).await;
        let slot = |start: &str, end: &str| json!([{"starts_at_local": start, "ends_at_local": end}]);
        let cases = [
            (json!({"slots": []}), "slots"),
            (json!({"slots": slot("2099-01-12T14:00", "2099-01-12T13:00")}), "slots[0].ends_at_local"),
            (json!({"slots": slot("2020-01-12T14:00", "2020-01-12T16:00")}), "slots[0].starts_at_local"),
            (json!({"slots": slot("2027-03-28T02:30", "2027-03-28T04:00")}), "slots[0].starts_at_local"),
            (json!({"time_zone": "Europe/Lutèce"}), "time_zone"),
            (json!({"title": " "}), "title"),
            (json!({"deadline": "2099-01-14T12:00"}), "deadline"),
        ];
        for (fields, field) in cases {
            let (status, problem) = create_poll(&app, &coordinator, fields.clone()).await;
            assert_eq!(status, 422, "{fields}: {problem}");
            let named: Vec<&str> = problem["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
            assert!(named.contains(&field), "{fields}: {problem}");
        }
        let (_, gap) = create_poll(&app, &coordinator, json!({"slots": slot("2027-03-28T02:30", "2027-03-28T04:00")})).await;
        assert!(gap["errors"][0]["message"].as_str().expect("message").contains("n'existe pas"), "{gap}");
        let (_, listed) = api(&app, reqwest::Method::GET, "/api/v1/working-groups/etat-civil/date-polls", None, None).await;
        assert_eq!(listed["items"], json!([]), "nothing stored");

        let id = created_poll(&app, &coordinator, json!({})).await;
        let (_, member) = people(&app, 1).remove(0);
        let (status, problem) = answer(&app, &id, Some(&member), json!([{"slot": 3, "answer": "yes"}])).await;
        assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("answers[0].slot")));
        let (status, problem) = answer(&app, &id, Some(&member), json!([{"slot": 0, "answer": "yes"}, {"slot": 1, "answer": "maybe"}])).await;
        assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("answers[1].answer")));
        assert_eq!(show(&app, &id, Some(&member)).await["my_answers"], json!([]), "nothing stored");
        let (status, problem) = close(&app, &id, &coordinator, 7).await;
        assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("slot")));
    }

    async fn the_pages_create_answer_and_close_a_poll(backend: Backend) {
        let (app, coordinator_person, _) = group_app(backend).await;
        let coordinator = app.signed_in(&coordinator_person).await;
        let group = page(&coordinator, "/groups/etat-civil").await;
        assert!(texts(&group, "a[href='/groups/etat-civil/date-polls/new']").iter().any(|t| t == "Proposer des dates"));
        let form = page(&coordinator, "/groups/etat-civil/date-polls/new").await;
        assert_eq!(texts(&form, "fieldset.slot-row").len(), 3);

        let mut fields = vec![
            ("title", "Session de janvier"),
            ("time_zone", "Europe/Paris"),
            ("format", "remote"),
            ("slot_date", "2099-01-12"), ("slot_start", "14:00"), ("slot_end", "13:00"),
            ("slot_date", ""), ("slot_start", ""), ("slot_end", ""),
            ("slot_date", "2099-01-15"), ("slot_start", "14:00"), ("slot_end", "16:00"),
        ];
        // more rows: the same form with three more, the input kept
        let mut more = fields.clone();
        more.push(("more_rows", "1"));
        let response = coordinator.post_form("/groups/etat-civil/date-polls/new", &more).await;
        assert_eq!(response.status(), 200);
        let shown = scraper::Html::parse_document(&response.text().await.expect("body"));
        assert_eq!(texts(&shown, "fieldset.slot-row").len(), 6);
        assert_eq!(value(&shown, "#title"), "Session de janvier");

        let response = coordinator.post_form("/groups/etat-civil/date-polls/new", &fields).await;
        assert_eq!(response.status(), 422);
        let shown = scraper::Html::parse_document(&response.text().await.expect("body"));
        assert_eq!(value(&shown, "#title"), "Session de janvier");
        assert_eq!(value(&shown, "[id='slots[0].ends_at_local']"), "13:00");
        assert_eq!(value(&shown, "[id='slots[2].date']"), "2099-01-15");
        let links: Vec<String> = attrs(&shown, ".error a", "href");
        assert_eq!(links, ["#slots[0].ends_at_local"]);
        assert_eq!(group_sessions(&app), 0);
        assert!(app.get("/api/v1/working-groups/etat-civil/date-polls").await.json::<Value>().await.expect("json")["items"].as_array().expect("items").is_empty());

        fields[5] = ("slot_end", "16:00");
        let response = coordinator.post_form("/groups/etat-civil/date-polls/new", &fields).await;
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().expect("ascii").to_owned();
        assert!(location.starts_with("/date-polls/"), "{location}");

        let poll = page(&coordinator, &location).await;
        assert_eq!(
            texts(&poll, "form.poll-answers fieldset legend"),
            ["lundi 12 janvier 2099, 14 h 00 – 16 h 00 (heure de Paris)", "jeudi 15 janvier 2099, 14 h 00 – 16 h 00 (heure de Paris)"]
        );
        assert_eq!(texts(&poll, "form.poll-answers fieldset:first-of-type label"), ["Oui", "Si nécessaire", "Non"]);
        let response = coordinator.post_form(&format!("{location}/answers"), &[("slot_0", "if_need_be"), ("slot_1", "yes")]).await;
        assert_eq!(response.status(), 303);
        let poll = page(&coordinator, &location).await;
        assert_eq!(attrs(&poll, "input[type=radio][checked]", "id"), ["slot_0-if_need_be", "slot_1-yes"]);
        assert_eq!(texts(&poll, "table.poll-results tr.best th"), ["jeudi 15 janvier 2099, 14 h 00 – 16 h 00 (heure de Paris) (meilleur créneau)"]);
        let group = page(&coordinator, "/groups/etat-civil").await;
        assert_eq!(texts(&group, "ul.date-polls a"), ["Session de janvier"]);

        let anonymous = app.browser();
        let seen = page(&anonymous, &location).await;
        assert!(texts(&seen, "form.poll-answers").is_empty());
        assert!(texts(&seen, "a").iter().any(|t| t == "Connectez-vous pour répondre au sondage"));
        assert!(texts(&seen, "table.poll-people").is_empty(), "no names for anonymous visitors");

        // the coordinator changes the title and the deadline; the slots stay
        let member = app.add_person("membre@club.example", None, false, false);
        let member = app.signed_in(&member).await;
        assert_eq!(member.get(&format!("{location}/edit")).await.status(), 403);
        assert!(texts(&poll, "a").iter().any(|t| t == "Modifier le sondage"));
        let form = page(&coordinator, &format!("{location}/edit")).await;
        assert_eq!(value(&form, "#title"), "Session de janvier");
        let refused = coordinator.post_form(&format!("{location}/edit"), &[("title", "Session de janvier 2099"), ("deadline", "2099-02-01T10:00")]).await;
        assert_eq!(refused.status(), 422, "a deadline after the first slot");
        let shown = scraper::Html::parse_document(&refused.text().await.expect("body"));
        assert_eq!(value(&shown, "#title"), "Session de janvier 2099", "the input is kept");
        assert_eq!(attrs(&shown, ".error a", "href"), ["#deadline"]);
        assert_eq!(texts(&page(&coordinator, &location).await, "h1"), ["Session de janvier"], "nothing changed");
        let saved = coordinator.post_form(&format!("{location}/edit"), &[("title", "Session de janvier 2099"), ("deadline", "2099-01-10T18:00"), ("hide_results", "on")]).await;
        assert_eq!(saved.status(), 303);
        let edited = show(&app, location.trim_start_matches("/date-polls/"), None).await;
        assert_eq!(edited["title"], "Session de janvier 2099");
        assert_eq!(edited["deadline"], "2099-01-10T18:00:00+01:00");
        assert_eq!(edited["hide_results"], true);
        assert_eq!(edited["slots"].as_array().map(Vec::len), Some(2), "the slots stay");

        let response = coordinator.post_form(&format!("{location}/close"), &[("slot", "1")]).await;
        assert_eq!(response.status(), 303);
        let meeting = response.headers()["location"].to_str().expect("ascii").to_owned();
        assert!(meeting.starts_with("/meetings/"), "{meeting}");
        assert_eq!(group_sessions(&app), 1);
        let group = page(&coordinator, "/groups/etat-civil").await;
        assert!(texts(&group, "ul.date-polls a").is_empty(), "a closed poll is no longer listed as open");
        let closed = page(&coordinator, &location).await;
        assert_eq!(texts(&closed, "dl.own-answers dd"), ["Si nécessaire", "Oui"], "one's answers stay in view");
        assert!(texts(&closed, "form.poll-answers").is_empty());
        assert_eq!(coordinator.get(&format!("{location}/edit")).await.status(), 409, "a closed poll is not edited");
    }
}

async fn page(browser: &Browser, path: &str) -> scraper::Html {
    let response = browser.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    scraper::Html::parse_document(&response.text().await.expect("body"))
}

fn value(html: &scraper::Html, selector: &str) -> String {
    attrs(html, selector, "value").pop().unwrap_or_default()
}

fn attrs(html: &scraper::Html, selector: &str, name: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).expect("selector");
    html.select(&selector)
        .filter_map(|e| e.attr(name).map(str::to_owned))
        .collect()
}

/// A member answers the demo's poll in a real browser, JavaScript off: the
/// group's page leads to it, each slot is a labelled radio group, the
/// label picks the answer, and the grid shows the new totals.
#[tokio::test]
async fn a_member_answers_the_demo_poll_in_a_browser() {
    let app = crate::helpers::spawn_demo_app(crate::helpers::Backend::Sqlite).await;
    let nancy = app.with_conn(|conn| {
        quorum::db::people::find_by_email(conn, "chef.projet@nancy.example")
            .expect("query")
            .expect("the demo's Nancy")
    });
    let person = TestPerson {
        id: nancy.id,
        email: nancy.email,
    };
    let chrome = crate::chrome::Chrome::start(&app.address).await;
    crate::browser::sign_in(&app, &chrome, &person).await;
    chrome.goto("/groups/social").await;
    chrome.click("ul.date-polls a").await;
    assert!(chrome.path().await.starts_with("/date-polls/"));
    let legends = chrome.texts("form.poll-answers fieldset legend").await;
    assert_eq!(legends.len(), 3, "{legends:?}");
    // Nancy said no, yes, yes: her answers are checked
    let checked = |slot: usize, answer: &str| format!("#slot_{slot}-{answer}");
    for (slot, answer) in [(0, "no"), (1, "yes"), (2, "yes")] {
        let radio = chrome.find(&checked(slot, answer)).await;
        assert_eq!(
            radio.prop("checked").await.expect("a property").as_deref(),
            Some("true")
        );
    }
    let before = chrome
        .texts("table.poll-results tbody tr:first-child td")
        .await;
    chrome
        .find("label[for='slot_0-if_need_be']")
        .await
        .click()
        .await
        .expect("the label takes the click");
    chrome.click("form.poll-answers button[type=submit]").await;
    assert_eq!(
        chrome.text("main [role=status]").await,
        "Vos réponses sont enregistrées."
    );
    let after = chrome
        .texts("table.poll-results tbody tr:first-child td")
        .await;
    let n = |cells: &[String], i: usize| cells[i].parse::<i64>().expect("a number");
    assert_eq!(
        n(&after, 1),
        n(&before, 1) + 1,
        "one more if need be: {before:?} → {after:?}"
    );
    assert_eq!(
        n(&after, 2),
        n(&before, 2) - 1,
        "one no less: {before:?} → {after:?}"
    );
}
