"""Transform: the same logic as transform.yml, in pandas.

Usage: python3 transform.py DATA_DIR OUT_DIR  (outputs are CSV: no pyarrow here)
"""
import sys

import numpy as np
import pandas as pd

data, out = sys.argv[1], sys.argv[2]
load = pd.read_csv(f"{data}/orders.csv", parse_dates=["date"])
enriched = load[(load.amount > 0) & (load.value > 0)].copy()
enriched["revenue"] = enriched.amount * enriched.value / 100
enriched["year"] = enriched.date.dt.year
enriched["month"] = enriched.date.dt.month
enriched["band"] = np.where(enriched.amount >= 5000, "high", "low")

# Branch A
recent = enriched[enriched.year >= 2022]
by_category_month = recent.groupby(["category", "year", "month"], sort=True).agg(
    revenue_sum=("revenue", "sum"),
    revenue_mean=("revenue", "mean"),
    value_max=("value", "max"),
).reset_index()
by_category_month.sort_values(["year", "month", "category"], kind="stable").to_csv(
    f"{out}/transform_months.csv", index=False)

# Branch B
scored = enriched.assign(score=np.log(enriched.amount + 1) * np.sqrt(enriched.value))
by_region_band = scored.groupby(["region", "band"], sort=True).agg(
    score_mean=("score", "mean"),
    score_max=("score", "max"),
    revenue_sum=("revenue", "sum"),
    id_count=("id", "count"),
).reset_index()
by_region_band.to_csv(f"{out}/transform_bands.csv", index=False)

# Branch C
slim = enriched[["id", "category", "region", "revenue", "date"]]
top = slim.sort_values(["revenue", "id"], ascending=[False, True], kind="stable").head(1000)
top.rename(columns={"revenue": "top_revenue"}).to_csv(f"{out}/transform_top.csv", index=False)
