"""Speaker identity, its one owner: who a speaker mention is, inside its article and across the
corpus, and users' corrections.

* :mod:`.names` (pure): normalising, titles and honorifics stripped, the parts of a name, kinds;
* :mod:`.match` (pure): whether evidence about two names can be one person;
* :mod:`.local`: in-article resolution (pronouns, surnames, roles and nominals to the article's
  named speakers);
* :mod:`.canon` (pure): a local speaker made ready for the database;
* :mod:`.corrections`: ``speakers.yml``;
* :mod:`.ops`: assign, re-match, refresh, merge, split, rename and set a kind, with the SQL in
  :mod:`quotes.store.speakers`.

Tracking (:mod:`quotes.track`) runs after identity; the CLI sits on top.
"""
