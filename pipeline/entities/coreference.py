"""Short forms that refer back to an actor named in full earlier in the article."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.entities.mention import Mention
from pipeline.gazetteer import Form
from pipeline.lang import word_list


@dataclass
class ArticleContext:
    """What earlier sentences of the article established: short forms that
    now refer to an actor named in full (surnames, organizations' head nouns)."""

    short_forms: dict[str, Form] = field(default_factory=dict)

    def learn(self, mention: Mention, folded: str) -> None:
        """Remember the short forms of a mention of the sentence whose fold is `folded`."""
        if not mention.actor_id or mention.method == "coreference":
            return
        words = folded[mention.start : mention.end].replace('"', " ").split()
        if mention.entity_type == "PERSON" and len(words) >= 2:
            surname = words[-1]
            for form in (surname, surname[2:] if surname.startswith("ال") and len(surname) > 4 else None):
                if form:
                    self.short_forms.setdefault(form, Form(mention.actor_id, "PERSON", "name"))
        elif mention.entity_type == "ORG" and len(words) >= 2:
            head = words[0] if words[0].startswith("ال") else "ال" + words[0]
            if head in word_list("head_nouns"):
                self.short_forms[head] = Form(mention.actor_id, "ORG", "name")  # the latest one named
