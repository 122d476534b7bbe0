"""Fitting the learned ranker (:mod:`mmsum.rank.learned`) on a folder of documents with
abstracts: the examples and their labels (:mod:`.data`), features, folds and the fit
(:mod:`.fit`). Run as ``python -m mmsum.train``; needs the ``train`` extra (scikit-learn)."""
