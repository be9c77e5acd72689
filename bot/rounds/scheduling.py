"""The scheduling round: the reminders, the cadence reports and the annual templates due since the last round."""
from sqlmodel import Session

from bot.rounds.cadence import plan_reports, week_to_send
from bot.rounds.reminders import in_office_hours, plan_reminders
from bot.runtime import Duban
from bot.services.annual_templates import queue_templates
from store import people, rounds


def scheduling_round(duban: Duban) -> int:
    """Within office hours: the reminders, then the cadence reports, for the days since the last round (today's,
    or also those a downtime missed); how many messages were queued."""
    if not in_office_hours(duban):
        return 0
    with Session(duban.engine) as session:
        since = rounds.window_after(session, duban.today())
        session.commit()
        reachable = people.reachable_by_unit(session)     # read once: the reminders' and the week-ahead notes'
        week = week_to_send(session, since, duban.today(), duban.calendar, reachable)    # carried by the reminders
    return plan_reminders(duban, since, reachable, week) + plan_reports(duban, since, week) + queue_templates(duban)
