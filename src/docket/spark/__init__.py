"""Docket on Apache Spark: the same pipeline, linking and store rows, distributed (``docket spark run``).

Needs the ``spark`` extra (``pip install 'docket[spark]'``) and Java 17 or newer; see ``docs/scale.md``.
"""
