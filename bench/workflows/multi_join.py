"""Multi-Join: the same logic as multi_join.yml, in pandas.

Usage: python3 multi_join.py DATA_DIR OUT_DIR  (outputs are CSV: no pyarrow here)
"""
import sys

import pandas as pd

data, out = sys.argv[1], sys.argv[2]
orders = pd.read_csv(f"{data}/orders.csv")
shipments = pd.read_csv(f"{data}/shipments.csv")
categories = pd.read_csv(f"{data}/categories.csv")
orders_cat = orders.merge(categories, on="category", how="inner")
fast_shipments = shipments[shipments.ship_days <= 7]
shipped = orders_cat.merge(fast_shipments, on="id", how="inner")
summary = shipped.groupby(["department", "carrier"], sort=True).agg(
    amount_sum=("amount", "sum"),
    ship_cost_sum=("ship_cost", "sum"),
    ship_cost_mean=("ship_cost", "mean"),
    ship_days_mean=("ship_days", "mean"),
    id_count=("id", "count"),
).reset_index()
summary.to_csv(f"{out}/multi_join_summary.csv", index=False)
