"""ETL Pipeline: the same logic as etl.yml, in pandas.

Usage: python3 etl.py DATA_DIR OUT_DIR  (pandas here has no pyarrow: outputs are CSV)
"""
import sys

import pandas as pd

data, out = sys.argv[1], sys.argv[2]
a = pd.read_csv(f"{data}/orders.csv", parse_dates=["date"])
b = pd.read_csv(f"{data}/orders_b.csv", parse_dates=["date"])
categories = pd.read_csv(f"{data}/categories.csv")
clean_a = a[(a.amount >= 10) & (a.value >= 1)]
clean_b = b[(b.amount >= 10) & (b.value >= 1)]
all_orders = pd.concat([clean_a, clean_b], ignore_index=True)
enriched = all_orders.merge(categories, on="category", how="inner")
enriched["profit"] = enriched.amount * enriched.margin
enriched["month"] = enriched.date.dt.month
summary = enriched.groupby(["department", "region", "month"], sort=True).agg(
    amount_sum=("amount", "sum"),
    profit_sum=("profit", "sum"),
    profit_mean=("profit", "mean"),
    id_count=("id", "count"),
).reset_index()
summary.to_csv(f"{out}/etl_summary.csv", index=False)
