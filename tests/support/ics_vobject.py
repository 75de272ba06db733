"""Reads an iCalendar stream on stdin; prints what `vobject` (the parser of
the Radicale CalDAV server) understood, as JSON, in the shape ics_python.py
prints. Times are converted with the VTIMEZONEs of the stream itself, which
vobject keeps by TZID for the whole process. Used by tests/api/ics_readers.rs."""

import json
import sys
from datetime import timezone

import vobject


def instant(value):
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def text(component, name):
    found = component.contents.get(name.lower())
    return None if not found else str(found[0].value)


def values(component, name):
    return component.contents.get(name.lower(), [])


def address(value):
    return str(value).removeprefix("mailto:")


def geo(event):
    found = text(event, "GEO")
    if found is None:
        return None
    latitude, longitude = found.split(";")
    return [float(latitude), float(longitude)]


def main():
    calendar = vobject.readOne(sys.stdin.read())
    events = []
    for event in values(calendar, "VEVENT"):
        start = event.dtstart
        events.append({
            "uid": text(event, "UID"),
            "summary": text(event, "SUMMARY"),
            "description": text(event, "DESCRIPTION"),
            "location": text(event, "LOCATION"),
            "url": text(event, "URL"),
            "status": text(event, "STATUS"),
            "sequence": int(text(event, "SEQUENCE") or 0),
            "stamp": instant(event.dtstamp.value),
            "start": instant(start.value),
            "end": instant(event.dtend.value),
            "tzid": (start.params.get("X-VOBJ-ORIGINAL-TZID") or start.params.get("TZID") or [None])[0],
            "categories": [str(c) for p in values(event, "CATEGORIES") for c in p.value],
            "organizer": address(event.organizer.value) if "organizer" in event.contents else None,
            "attendees": [address(a.value) for a in values(event, "ATTENDEE")],
            "names": [a.params.get("CN", [None])[0] for a in values(event, "ATTENDEE")],
            "conferences": [str(c.value) for c in values(event, "CONFERENCE")],
            "geo": geo(event),
            "properties": sorted({name.upper() for name in event.contents}),
        })
    events.sort(key=lambda e: (e["uid"], e["start"]))
    print(json.dumps({
        "method": text(calendar, "METHOD"),
        "name": text(calendar, "X-WR-CALNAME"),
        "timezones": sorted(str(tz.tzid.value) for tz in values(calendar, "VTIMEZONE")),
        "events": events,
    }, ensure_ascii=False))


main()
