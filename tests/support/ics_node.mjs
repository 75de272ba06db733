// Reads an iCalendar stream on stdin; prints what Mozilla's ical.js (the
// parser of Thunderbird) understood, as JSON, in the shape ics_python.py
// prints. Times are converted with the VTIMEZONEs of the stream itself.
// Used by tests/api/ics_readers.rs.
// ICAL_JS: the path of ical.js's ES module (dist/ical.js), installed by the tests
const { default: ICAL } = await import(process.env.ICAL_JS ?? "ical.js");

const input = await new Promise((resolve) => {
  let data = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (data += chunk));
  process.stdin.on("end", () => resolve(data));
});

const calendar = new ICAL.Component(ICAL.parse(input));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}

const instant = (time) => time.toJSDate().toISOString().replace(/\.\d{3}Z$/, "Z");
const address = (value) => (value == null ? null : String(value).replace(/^mailto:/i, ""));
const text = (component, name) => {
  const value = component.getFirstPropertyValue(name);
  return value == null ? null : String(value);
};

const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  const geo = vevent.getFirstPropertyValue("geo");
  return {
    uid: event.uid,
    summary: text(vevent, "summary"),
    description: text(vevent, "description"),
    location: text(vevent, "location"),
    url: text(vevent, "url"),
    status: text(vevent, "status"),
    sequence: event.sequence ?? 0,
    stamp: instant(vevent.getFirstPropertyValue("dtstamp")),
    start: instant(event.startDate),
    end: instant(event.endDate),
    tzid: vevent.getFirstProperty("dtstart").getParameter("tzid") ?? null,
    categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues().map(String)),
    organizer: address(vevent.getFirstPropertyValue("organizer")),
    attendees: vevent.getAllProperties("attendee").map((p) => address(p.getFirstValue())),
    names: vevent.getAllProperties("attendee").map((p) => p.getParameter("cn") ?? null),
    conferences: vevent.getAllProperties("conference").map((p) => String(p.getFirstValue())),
    geo: geo == null ? null : geo.map(Number),
    properties: [...new Set(vevent.getAllProperties().map((p) => p.name.toUpperCase()))].sort(),
  };
});
events.sort((a, b) => (a.uid === b.uid ? a.start.localeCompare(b.start) : a.uid.localeCompare(b.uid)));

console.log(JSON.stringify({
  method: text(calendar, "method"),
  // an X- property is TEXT by default (RFC 5545 §3.8.8.2): decoded as such
  name: calendar.hasProperty("x-wr-calname")
    ? ICAL.design.icalendar.value.text.fromICAL(calendar.getFirstPropertyValue("x-wr-calname"))
    : null,
  timezones: calendar.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid")).sort(),
  events,
}));
