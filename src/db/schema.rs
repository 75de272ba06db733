//! The tables, written by hand with SQL types both backends share
//! (Text, Integer, Double, Bool, Timestamp, Date).

diesel::table! {
    organizations (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        kind -> Text,
        club_status -> Text,
        territory -> Nullable<Text>,
        website -> Nullable<Text>,
        project_highlight -> Text,
        wished_developments -> Text,
        competences -> Text,
        roadmap -> Text,
        ordered_developments -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    people (id) {
        id -> Text,
        email -> Text,
        email_key -> Text,
        name -> Text,
        organization_id -> Nullable<Text>,
        language -> Text,
        is_admin -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        notify_meetings -> Bool,
        notify_group_sessions -> Bool,
        reminder_minutes -> Nullable<Text>,
    }
}

diesel::table! {
    organization_managers (person_id, organization_id) {
        person_id -> Text,
        organization_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    working_groups (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        topic -> Text,
        description -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    working_group_coordinators (person_id, working_group_id) {
        person_id -> Text,
        working_group_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    working_group_followers (person_id, working_group_id) {
        person_id -> Text,
        working_group_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    meetings (id) {
        id -> Text,
        kind -> Text,
        format -> Text,
        status -> Text,
        title -> Text,
        agenda -> Text,
        minutes -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        time_zone -> Text,
        venue_name -> Nullable<Text>,
        venue_address -> Nullable<Text>,
        venue_city -> Nullable<Text>,
        venue_directions -> Nullable<Text>,
        venue_latitude -> Nullable<Double>,
        venue_longitude -> Nullable<Double>,
        host_organization_id -> Nullable<Text>,
        working_group_id -> Nullable<Text>,
        capacity -> Nullable<Integer>,
        rsvp_deadline -> Nullable<Timestamp>,
        sequence -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        series_id -> Nullable<Text>,
        series_date -> Nullable<Date>,
        series_detached -> Bool,
        remote_capacity -> Nullable<Integer>,
        organization_quota -> Nullable<Integer>,
        approval_required -> Bool,
        rsvp_version -> Integer,
        waitlist_counter -> Integer,
        asks_lunch -> Bool,
    }
}

diesel::table! {
    meeting_seats (meeting_id) {
        meeting_id -> Text,
        in_person -> Integer,
        remote -> Integer,
    }
}

diesel::table! {
    meeting_rooms (meeting_id) {
        meeting_id -> Text,
        provider -> Nullable<Text>,
        room -> Nullable<Text>,
        dial_in_number -> Nullable<Text>,
        dial_in_pin -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    meeting_joins (id) {
        id -> Text,
        meeting_id -> Text,
        person_id -> Text,
        moderator -> Bool,
        joined_at -> Timestamp,
    }
}

diesel::table! {
    meeting_minutes (meeting_id) {
        meeting_id -> Text,
        draft -> Text,
        published_at -> Nullable<Timestamp>,
        published_by -> Nullable<Text>,
        mailings -> Integer,
        updated_at -> Timestamp,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    meeting_files (id) {
        id -> Text,
        meeting_id -> Text,
        name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        visibility -> Text,
        bytes -> Binary,
        uploaded_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    meeting_attendance (meeting_id, person_id) {
        meeting_id -> Text,
        person_id -> Text,
        status -> Text,
        walk_in -> Bool,
        recorded_by -> Nullable<Text>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    feed_versions (scope) {
        scope -> Text,
        version -> BigInt,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    calendar_stamps (meeting_id, person_id) {
        meeting_id -> Text,
        person_id -> Text,
        stamped_at -> Timestamp,
    }
}

diesel::table! {
    signin_requests (id) {
        id -> Text,
        email -> Text,
        next_path -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        person_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    feed_tokens (person_id) {
        person_id -> Text,
        nonce -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rsvps (id) {
        id -> Text,
        meeting_id -> Text,
        person_id -> Text,
        answer -> Text,
        attendance -> Text,
        state -> Text,
        waitlist_ticket -> Nullable<Integer>,
        waitlist_reason -> Nullable<Text>,
        approval -> Text,
        decided_by -> Nullable<Text>,
        project_highlight -> Text,
        wished_development -> Text,
        comment -> Text,
        listed -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        lunch -> Bool,
        dietary_needs -> Text,
        accessibility_needs -> Text,
    }
}

diesel::table! {
    meeting_series (id) {
        id -> Text,
        working_group_id -> Text,
        title -> Text,
        frequency -> Text,
        weekday -> Integer,
        ordinal -> Integer,
        interval_weeks -> Integer,
        start_time -> Text,
        end_time -> Text,
        time_zone -> Text,
        starts_on -> Date,
        until -> Date,
        format -> Text,
        agenda -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    hosting_calls (id) {
        id -> Text,
        title -> Text,
        year -> Integer,
        wished_period_start -> Date,
        wished_period_end -> Date,
        deadline -> Date,
        requirements -> Text,
        meeting_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    host_proposals (id) {
        id -> Text,
        hosting_call_id -> Text,
        organization_id -> Text,
        state -> Text,
        time_zone -> Text,
        venue_name -> Text,
        venue_address -> Text,
        venue_city -> Text,
        venue_directions -> Text,
        accessibility -> Text,
        capacity -> Integer,
        equipment -> Text,
        catering -> Text,
        access_notes -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        contact_name -> Text,
        contact_email -> Text,
        contact_phone -> Text,
        has_screen -> Bool,
        has_sound -> Bool,
        has_streaming -> Bool,
        accepted_position -> Nullable<Integer>,
    }
}

diesel::table! {
    host_proposal_supports (host_proposal_id, person_id) {
        host_proposal_id -> Text,
        person_id -> Text,
        comment -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    host_proposal_events (id) {
        id -> Text,
        host_proposal_id -> Text,
        event -> Text,
        person_id -> Nullable<Text>,
        at -> Timestamp,
    }
}

diesel::table! {
    host_proposal_dates (host_proposal_id, position) {
        host_proposal_id -> Text,
        position -> Integer,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
    }
}

diesel::table! {
    signin_tokens (token_hash) {
        token_hash -> Text,
        person_id -> Text,
        next_path -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        person_id -> Text,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    date_polls (id) {
        id -> Text,
        title -> Text,
        description -> Text,
        working_group_id -> Nullable<Text>,
        hosting_call_id -> Nullable<Text>,
        time_zone -> Text,
        format -> Text,
        video_provider -> Nullable<Text>,
        deadline -> Nullable<Timestamp>,
        hide_results -> Bool,
        state -> Text,
        chosen_slot -> Nullable<Integer>,
        meeting_id -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    date_poll_slots (date_poll_id, position) {
        date_poll_id -> Text,
        position -> Integer,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        host_proposal_id -> Nullable<Text>,
        candidate_position -> Nullable<Integer>,
    }
}

diesel::table! {
    date_poll_answers (date_poll_id, slot_position, person_id) {
        date_poll_id -> Text,
        slot_position -> Integer,
        person_id -> Text,
        answer -> Text,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(people -> organizations (organization_id));
diesel::joinable!(organization_managers -> people (person_id));
diesel::joinable!(organization_managers -> organizations (organization_id));
diesel::joinable!(working_group_coordinators -> people (person_id));
diesel::joinable!(working_group_coordinators -> working_groups (working_group_id));
diesel::joinable!(working_group_followers -> people (person_id));
diesel::joinable!(working_group_followers -> working_groups (working_group_id));
diesel::joinable!(meetings -> organizations (host_organization_id));
diesel::joinable!(meetings -> working_groups (working_group_id));
diesel::joinable!(meeting_series -> working_groups (working_group_id));
diesel::joinable!(hosting_calls -> meetings (meeting_id));
diesel::joinable!(host_proposals -> hosting_calls (hosting_call_id));
diesel::joinable!(host_proposals -> organizations (organization_id));
diesel::joinable!(host_proposal_dates -> host_proposals (host_proposal_id));
diesel::joinable!(host_proposal_supports -> host_proposals (host_proposal_id));
diesel::joinable!(host_proposal_supports -> people (person_id));
diesel::joinable!(host_proposal_events -> host_proposals (host_proposal_id));
diesel::joinable!(host_proposal_events -> people (person_id));
diesel::joinable!(signin_tokens -> people (person_id));
diesel::joinable!(api_tokens -> people (person_id));
diesel::joinable!(rsvps -> meetings (meeting_id));
diesel::joinable!(rsvps -> people (person_id));
diesel::joinable!(sessions -> people (person_id));
diesel::joinable!(feed_tokens -> people (person_id));
diesel::joinable!(meeting_joins -> people (person_id));
diesel::joinable!(meeting_attendance -> people (person_id));
diesel::joinable!(meeting_attendance -> meetings (meeting_id));
diesel::joinable!(meeting_minutes -> meetings (meeting_id));
diesel::joinable!(meeting_files -> meetings (meeting_id));
diesel::joinable!(date_polls -> working_groups (working_group_id));
diesel::joinable!(date_poll_slots -> date_polls (date_poll_id));
diesel::joinable!(date_poll_answers -> people (person_id));

diesel::allow_tables_to_appear_in_same_query!(
    meeting_minutes,
    meeting_files,
    meeting_attendance,
    calendar_stamps,
    sessions,
    signin_requests,
    feed_versions,
    organizations,
    people,
    organization_managers,
    working_groups,
    working_group_coordinators,
    working_group_followers,
    meetings,
    meeting_series,
    hosting_calls,
    host_proposal_supports,
    host_proposal_events,
    host_proposals,
    host_proposal_dates,
    signin_tokens,
    api_tokens,
    outbox_messages,
    rsvps,
    feed_tokens,
    meeting_joins,
    meeting_rooms,
    meeting_seats,
    date_polls,
    date_poll_slots,
    date_poll_answers,
);

diesel::table! {
    outbox_messages (id) {
        id -> Text,
        message_id -> Text,
        dedupe_key -> Nullable<Text>,
        kind -> Text,
        recipient -> Text,
        subject -> Text,
        raw -> Text,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        leased_by -> Nullable<Text>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        purged_at -> Nullable<Timestamp>,
    }
}

// Pooled investments (2026-12-04-000024_developments), kept together.
diesel::table! {
    developments (id) {
        id -> Text,
        slug -> Text,
        title -> Text,
        description -> Text,
        meeting_id -> Nullable<Text>,
        organization_id -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    development_pledges (development_id, organization_id) {
        development_id -> Text,
        organization_id -> Text,
        amount_min -> Nullable<BigInt>,
        amount_max -> Nullable<BigInt>,
        note -> Text,
        pledged_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(development_pledges -> developments (development_id));
diesel::joinable!(development_pledges -> organizations (organization_id));
diesel::allow_tables_to_appear_in_same_query!(developments, development_pledges, organizations);

diesel::table! {
    action_items (id) {
        id -> Text,
        meeting_id -> Text,
        text -> Text,
        owner_kind -> Text,
        owner_person_id -> Nullable<Text>,
        owner_organization_id -> Nullable<Text>,
        due_on -> Nullable<Date>,
        state -> Text,
        reminded_at -> Nullable<Timestamp>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_by -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(action_items -> meetings (meeting_id));
diesel::allow_tables_to_appear_in_same_query!(action_items, meetings);
diesel::allow_tables_to_appear_in_same_query!(action_items, people);
diesel::allow_tables_to_appear_in_same_query!(action_items, organizations);
