"""Who is who: the roles a person joins with, and whom a step of the reminder ladder is for.

Each unit has liaison A and its backup B (AB岗) and a leader who hears of escalations (分管领导); the office's
admins and plan-wide observers (e.g. the deputy county head) belong to no unit.
"""
from workflows.glossary import ADMIN, LEADER, LIAISON_A, LIAISON_B, OBSERVER
ROLES = (ADMIN, LIAISON_A, LIAISON_B, LEADER, OBSERVER)
LIAISONS = (LIAISON_A, LIAISON_B)
UNITLESS = (ADMIN, OBSERVER)
IN_UNITS = LIAISONS + (LEADER,)

# whom a step of the ladder is for: liaison A (B standing in), both liaisons, the leader
FIRST_LIAISON, BOTH_LIAISONS = LIAISON_A, "liaisons"
