"""Legal references derived from weapons and targets (SPEC §3): never extracted, always with a caveat."""

from __future__ import annotations

from typing import Any

from docket.model import Incident, LegalRef


def derive_legal(incident: Incident, table: dict[str, Any]) -> list[LegalRef]:
    """The instruments an incident's weapons and targets may engage, with party status per actor's state."""
    weapons = set(incident.weapons)
    targets = {t.type for t in incident.targets}
    refs: list[LegalRef] = []
    for key, inst in table["instruments"].items():
        hit_w = sorted(weapons & set(inst.get("weapons") or []))
        hit_t = sorted(targets & set(inst.get("targets") or []))
        if not hit_w and not hit_t:
            continue
        if key == "distinction" and not hit_t:
            continue
        parties: dict[str, bool | None] = {}
        caveat = inst["caveat"].strip()
        non_state = []
        for actor in incident.actors:
            state = table["states"].get(actor.name)
            if state:
                parties[actor.name] = inst["parties"].get(state)
            else:
                non_state.append(actor.name)
        if non_state:
            caveat += " " + f"{', '.join(non_state)}: " + table["non_state_caveat"].strip()
        if not incident.actors:
            caveat += " No perpetrator is attributed in the text."
        refs.append(LegalRef(instrument=inst["name"], engaged_by=", ".join(hit_w + hit_t), caveat=caveat,
                             parties=parties, table_checked=str(table["checked"])))
    return refs
