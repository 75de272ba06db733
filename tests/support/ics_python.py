"""Reads an iCalendar stream on stdin; prints what Python's `icalendar` (with
`recurring-ical-events` listing the events) understood, as JSON, in the shape
`ics_node.mjs` prints. Used by tests/api/ics_readers.rs."""

import json
import sys
from datetime import timezone

import icalendar
import recurring_ical_events


def instant(value):
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def text(component, name):
    value = component.get(name)
    return None if value is None else str(value)


def categories(event):
    found = []
    values = event.get("CATEGORIES")
    if values is None:
        return found
    for value in values if isinstance(values, list) else [values]:
        found.extend(str(c) for c in value.cats)
    return found


def address(value):
    return str(value).removeprefix("mailto:")


def attendees(event):
    values = event.get("ATTENDEE")
    if values is None:
        return []
    return [address(a) for a in (values if isinstance(values, list) else [values])]


def main():
    calendar = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
    # property names as written (the expansion adds RECURRENCE-ID)
    written = {
        str(e["UID"]): sorted({name for name, _ in e.property_items(recursive=False)} - {"BEGIN", "END"})
        for e in calendar.walk("VEVENT")
    }
    events = []
    for event in recurring_ical_events.of(calendar, skip_bad_series=False).all():
        geo = event.get("GEO")
        events.append({
            "uid": text(event, "UID"),
            "summary": text(event, "SUMMARY"),
            "description": text(event, "DESCRIPTION"),
            "location": text(event, "LOCATION"),
            "url": text(event, "URL"),
            "status": text(event, "STATUS"),
            "sequence": int(event.get("SEQUENCE", 0)),
            "start": instant(event.decoded("DTSTART")),
            "end": instant(event.decoded("DTEND")),
            "tzid": event["DTSTART"].params.get("TZID"),
            "categories": categories(event),
            "organizer": address(event["ORGANIZER"]) if "ORGANIZER" in event else None,
            "attendees": attendees(event),
            "geo": [geo.latitude, geo.longitude] if geo is not None else None,
            "properties": written[str(event["UID"])],
        })
    events.sort(key=lambda e: (e["uid"], e["start"]))
    print(json.dumps({
        "method": text(calendar, "METHOD"),
        "name": text(calendar, "X-WR-CALNAME"),
        "timezones": sorted(str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")),
        "events": events,
    }, ensure_ascii=False))


main()
