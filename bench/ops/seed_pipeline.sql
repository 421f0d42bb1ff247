-- The seed pipeline (examples/seed/pipeline.yml) in DuckDB, run by bench/peers.ts:
-- read data.csv → value > 100 → group by category: amount sum, mean → Parquet (snappy).
COPY (
  SELECT category, sum(amount) AS amount_sum, avg(amount) AS amount_mean
  FROM read_csv('${data}/data.csv')
  WHERE value > 100
  GROUP BY category
  ORDER BY category
) TO '${out}/output.parquet' (FORMAT parquet, COMPRESSION snappy);
