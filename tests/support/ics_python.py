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


def every(event, name):
    values = event.get(name)
    if values is None:
        return []
    return values if isinstance(values, list) else [values]


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
            "stamp": instant(event.decoded("DTSTAMP")),
            "start": instant(event.decoded("DTSTART")),
            "end": instant(event.decoded("DTEND")),
            "tzid": event["DTSTART"].params.get("TZID"),
            "categories": categories(event),
            "organizer": address(event["ORGANIZER"]) if "ORGANIZER" in event else None,
            "attendees": [address(a) for a in every(event, "ATTENDEE")],
            "names": [a.params.get("CN") for a in every(event, "ATTENDEE")],
            "conferences": [str(c) for c in every(event, "CONFERENCE")],
            "geo": [geo.latitude, geo.longitude] if geo is not None else None,
            "properties": written[str(event["UID"])],
        })
    events.sort(key=lambda e: (e["uid"], e["start"]))
    print(json.dumps({
        "method": text(calendar, "METHOD"),
        # an X- property is TEXT by default (RFC 5545 §3.8.8.2): decoded as such
        "name": None if "X-WR-CALNAME" not in calendar
        else icalendar.parser.unescape_backslash(calendar["X-WR-CALNAME"].to_ical().decode()),
        "timezones": sorted(str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")),
        "events": events,
    }, ensure_ascii=False))


main()
