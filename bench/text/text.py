"""Text-heavy data: the same logic as text.yml, in pandas.

Usage: python3 text.py DATA_DIR OUT_DIR
"""
import sys

import pandas as pd

data, out = sys.argv[1], sys.argv[2]
people = pd.read_csv(f"{data}/people.csv")
people.sort_values("email", kind="stable").to_csv(f"{out}/text_sorted.csv", index=False)
people[people["email"] < "user2"].to_csv(f"{out}/text_early.csv", index=False)
by_name = people.groupby("name", sort=True).agg(spend_sum=("spend", "sum"), spend_count=("spend", "count")).reset_index()
by_name.to_csv(f"{out}/text_names.csv", index=False)
