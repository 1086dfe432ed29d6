import type { PlanInput } from '../model/plan.ts';

/** Escapes TEXT values (RFC 5545 3.3.11). */
const text = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
/** Folds lines longer than 75 octets (RFC 5545 3.1). */
const fold = (line: string) => {
  const parts: string[] = [];
  let rest = line;
  while (Buffer.byteLength(rest) > 75) {
    let cut = 75;
    while (Buffer.byteLength(rest.slice(0, cut)) > 75) cut--;
    parts.push(rest.slice(0, cut));
    rest = ` ${rest.slice(cut)}`;
  }
  parts.push(rest);
  return parts.join('\r\n');
};

function event(
  uid: string,
  summary: string,
  rule: string,
  at: string,
  zone: string,
  start: string | undefined,
  minutes: number,
): string[] {
  const date = (start ?? '2024-01-01').replace(/-/g, '');
  return [
    'BEGIN:VEVENT',
    `UID:${uid}@kept`,
    'DTSTAMP:20240101T000000Z',
    `DTSTART;TZID=${zone}:${date}T${at.replace(':', '')}00`,
    `DURATION:PT${minutes}M`,
    `RRULE:${rule}`,
    `SUMMARY:${text(summary)}`,
    'END:VEVENT',
  ];
}

/** A partner's calendar: the couple's rituals and their own commitments' check-in times, recurring, in their zones. */
export function calendarFeed(plan: PlanInput, partnerId: string): string {
  const me = plan.partners.find((p) => p.id === partnerId)!;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Kept//Kept//EN',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${text(`Kept: ${plan.pair.name}`)}`,
  ];
  for (const ritual of plan.rituals ?? []) {
    lines.push(
      ...event(
        `ritual-${ritual.id}-${plan.pair.id}`,
        ritual.title,
        ritual.repeat,
        ritual.at,
        ritual.timezone ?? plan.partners[0]!.timezone,
        ritual.start,
        60,
      ),
    );
  }
  for (const commitment of (plan.commitments ?? []).filter((c) => c.owner === partnerId)) {
    lines.push(
      ...event(
        `commitment-${commitment.id}-${plan.pair.id}`,
        `Check-in: ${commitment.title}`,
        commitment.repeat,
        commitment.checkInAt,
        me.timezone,
        commitment.start,
        10,
      ),
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
