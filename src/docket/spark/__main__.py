"""The `docket` command line as a file spark-submit can run (see docs/scale.md):

    spark-submit --master yarn ... "$(python -c 'import docket.spark.__main__ as m; print(m.__file__)')" \\
        spark run /shared/reports --out /shared/docket-out --db postgresql://docket@db/docket
"""

from docket.cli import app

if __name__ == "__main__":
    app(prog_name="docket")
