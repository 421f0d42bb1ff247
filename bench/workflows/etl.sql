-- ETL Pipeline: the same logic as etl.yml, as one DuckDB script.
-- ${data} and ${out} are replaced by bench/peers.ts before it runs.
COPY (
  WITH all_orders AS (
    SELECT * FROM read_csv('${data}/orders.csv') WHERE amount >= 10 AND value >= 1
    UNION ALL BY NAME
    SELECT * FROM read_csv('${data}/orders_b.csv') WHERE amount >= 10 AND value >= 1
  ),
  enriched AS (
    SELECT o.*, c.department, c.margin
    FROM all_orders o JOIN read_csv('${data}/categories.csv') c USING (category)
  ),
  profit AS (
    SELECT *, amount * margin AS profit, month(date) AS month FROM enriched
  )
  SELECT department, region, month,
         sum(amount) AS amount_sum, sum(profit) AS profit_sum, avg(profit) AS profit_mean, count(id) AS id_count
  FROM profit
  GROUP BY department, region, month
  ORDER BY department, region, month
) TO '${out}/etl_summary.parquet' (FORMAT parquet);
