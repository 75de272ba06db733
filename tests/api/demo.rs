use diesel::{QueryDsl, RunQueryDsl};
use quorum::db::schema::{
    host_proposal_dates, host_proposals, hosting_calls, meetings, organizations, people,
    working_groups,
};
use quorum::demo::{Added, load, today};

use crate::helpers::spawn_app;
use crate::on_both_backends;

fn counts(conn: &mut quorum::db::DbConn) -> [i64; 7] {
    [
        people::table.count().get_result(conn).expect("count"),
        organizations::table
            .count()
            .get_result(conn)
            .expect("count"),
        working_groups::table
            .count()
            .get_result(conn)
            .expect("count"),
        meetings::table.count().get_result(conn).expect("count"),
        hosting_calls::table
            .count()
            .get_result(conn)
            .expect("count"),
        host_proposals::table
            .count()
            .get_result(conn)
            .expect("count"),
        host_proposal_dates::table
            .count()
            .get_result(conn)
            .expect("count"),
    ]
}

on_both_backends! {
    async fn loading_the_demo_twice_changes_nothing(backend: Backend) {
        let app = spawn_app(backend).await;
        let first = load(&app.db, today()).expect("first load");
        assert_eq!(first.organizations, 18);
        assert_eq!(first.people, 5);
        assert_eq!(first.working_groups, 5);
        assert_eq!(first.hosting_calls, 1);
        assert_eq!(first.host_proposals, 2);
        // two past meetings, the coming December session, the drafted
        // plenary and four working-group sessions
        assert_eq!(first.meetings, 8);
        let before = app.with_conn(counts);
        let second = load(&app.db, today()).expect("second load");
        assert_eq!(second, Added::default());
        assert_eq!(app.with_conn(counts), before);
    }
}
