//! Words: the name of a form's field, for the summary of its errors
//! ("Fin : indiquez la date et l'heure"), from the same words as the
//! fields' labels.

use crate::domain::Lang;

impl Lang {
    /// The label of the field named `field` in the club's forms, if it is
    /// one of them: a plain name (`title`) or a row of dates
    /// (`candidate_dates[0].ends_at_local`, `slots[2].starts_at_local`).
    pub fn field_label(self, field: &str) -> Option<String> {
        if let Some((row, part)) = row_of(field) {
            let t = &self.texts().hosting;
            let part = match part {
                "starts_at_local" => t.starts_label,
                "ends_at_local" => t.ends_label,
                _ => return None,
            };
            return Some(format!("{} {} — {part}", t.date_row, row + 1));
        }
        let t = self.texts();
        let label = match field {
            "kind" => t.meetings.kind,
            "title" => self.pick("Titre", "Title"),
            "format" => t.meetings.format,
            "status" => t.hosting.state,
            "starts_at_local" => t.meetings.starts_at_local,
            "ends_at_local" => t.meetings.ends_at_local,
            "time_zone" => t.meetings.time_zone,
            "venue_name" => t.hosting.venue_name_label,
            "venue_address" => t.meetings.address,
            "venue_city" => t.meetings.city,
            "venue_directions" => t.meetings.directions,
            "venue_latitude" => t.meetings.latitude,
            "venue_longitude" => t.meetings.longitude,
            "host_organization" => t.meetings.host,
            "working_group" => t.meetings.working_group,
            "capacity" => t.meetings.capacity,
            "remote_capacity" => t.meetings.remote_capacity,
            "organization_quota" => t.meetings.organization_quota,
            "rsvp_deadline" => t.meetings.rsvp_deadline,
            "video_url" => t.meetings.video_url,
            "dial_in_number" => t.meetings.dial_in_number,
            "dial_in_pin" => t.meetings.dial_in_pin,
            "agenda" => t.meetings.agenda,
            "answer" => self.pick("Réponse", "Answer"),
            "attendance" => self.pick("Participation", "Attendance"),
            "project_highlight" => t.answers.rsvp_project_highlight,
            "wished_development" => t.answers.rsvp_wished_development,
            "comment" => t.answers.comment,
            "organization" => t.people.organization,
            "name" => t.people.name,
            "email" | "walk_in_email" => t.people.email,
            "year" => t.hosting.plenary_year,
            "wished_period_start" => t.hosting.wished_period_start,
            "wished_period_end" => t.hosting.wished_period_end,
            "requirements" => t.hosting.requirements,
            "accessibility" => t.hosting.accessibility_label,
            "equipment" => t.hosting.equipment_label,
            "catering" => t.hosting.catering,
            "access_notes" => t.hosting.access_notes_label,
            "contact_phone" => t.hosting.phone,
            "contact_name" | "contact_email" => t.hosting.contact_heading,
            "subject" => t.messages.subject,
            "text" => t.actions.text,
            "owner_kind" => t.actions.owner_kind,
            "owner" => t.actions.owner_value,
            "due_on" => t.actions.due,
            "body" => t.messages.body,
            "audience" => t.messages.audience,
            _ => return None,
        };
        Some(label.to_owned())
    }

    /// One line of an error summary: the field's name, then what is wrong.
    pub fn named_error(self, field: &str, message: &str) -> String {
        match (self.field_label(field), self) {
            (Some(label), Self::Fr) => format!("{label} : {message}"),
            (Some(label), Self::En) => format!("{label}: {message}"),
            (None, _) => message.to_owned(),
        }
    }
}

/// `candidate_dates[2].ends_at_local` or `slots[2].ends_at_local`: the row
/// and the part.
fn row_of(field: &str) -> Option<(usize, &str)> {
    let rest = field
        .strip_prefix("candidate_dates[")
        .or_else(|| field.strip_prefix("slots["))?;
    let (row, part) = rest.split_once("].")?;
    Some((row.parse().ok()?, part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_line_names_its_field_in_the_page_s_language() {
        assert_eq!(
            Lang::Fr.named_error("ends_at_local", "indiquez la date et l'heure"),
            "Fin : indiquez la date et l'heure"
        );
        assert_eq!(
            Lang::En.named_error(
                "candidate_dates[1].ends_at_local",
                "give the date and the time"
            ),
            "Date 2 — End: give the date and the time"
        );
        assert_eq!(Lang::Fr.named_error("csrf_token", "expiré"), "expiré");
        assert_eq!(Lang::Fr.field_label("slots[x].ends_at_local"), None);
    }
}
