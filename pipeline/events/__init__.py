"""Alliance events: who cooperates with, supplies, meets, rejects or strikes whom.

One module per concern:

- `lexicon`: the trigger table and word lists (data in pipeline/lang/ar/);
- `folded`: a sentence's fold with its words and clause breaks located once;
- `candidates`: mentions as role candidates, and the sentence's speaker;
- `triggers`: trigger phrases, minus names and the content of other events;
- `roles`: participants, target and common adversary of a trigger;
- `modality`: polarity (denials, negation scoped to the clause) and modality;
- `state`: what earlier sentences of the article established;
- `extract`: the per-sentence and per-frame extraction (dates from pipeline.dates).
"""

from pipeline.dates import find_date
from pipeline.events.extract import EVENT_COLUMNS, MENTION_INPUT_COLUMNS, event_id, extract_events
from pipeline.events.folded import Folded

__all__ = ["EVENT_COLUMNS", "MENTION_INPUT_COLUMNS", "Folded", "event_id", "extract_events", "find_date"]
