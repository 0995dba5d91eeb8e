"""Entity mentions: find and link states, organizations, people and places.

Extractors, run per article over its sentences in order (`extract`):

1. `gazetteer` (`gazetteer_match`): longest match of gazetteer forms over
   the folded sentence, with the proclitics و ف ب ل ك (and لل = ل + ال)
   allowed before the first word and left outside the span. A capital
   standing for its state links to the country, after a locative word to
   the city; a GeoNames city counts only in a place context or where the
   tagger reads a place; a generic state body followed by a country is that
   country's body.
2. `coreference`: a person named in full is later found by surname, an
   organization by its head noun (التنظيم، التحالف).
3. `pattern` (`people`): people after a title or role, or a speech verb.
4. `crf` (`statistical`): a CRF trained on ANERcorp finds the people,
   organizations and places the others missed; people get readable ids
   from their names' English spellings (pipeline.translit).
5. `model`: camel-tools' BERT NER, optional (pipeline.ner_model), where its
   model is installed.
"""

from pipeline.entities.extract import MENTION_COLUMNS, extract_article, extract_mentions
from pipeline.entities.gazetteer_match import match_gazetteer
from pipeline.entities.mention import Mention
from pipeline.entities.tokens import Token, clitic_variants, tokenize

__all__ = ["MENTION_COLUMNS", "Mention", "Token", "clitic_variants", "extract_article", "extract_mentions",
           "match_gazetteer", "tokenize"]
