-- Aggregation: the same logic as aggregation.yml, as one DuckDB script.
CREATE TEMP TABLE orders AS SELECT * FROM read_csv('${data}/orders.csv');
COPY (
  SELECT category,
         sum(amount) AS amount_sum, avg(amount) AS amount_mean, min(amount) AS amount_min, max(amount) AS amount_max,
         avg(value) AS value_mean, stddev_samp(value) AS value_std
  FROM orders GROUP BY category ORDER BY category
) TO '${out}/agg_by_category.parquet' (FORMAT parquet);
COPY (
  SELECT region, date, sum(amount) AS amount_sum, count(amount) AS amount_count, max(value) AS value_max
  FROM orders GROUP BY region, date ORDER BY region, date
) TO '${out}/agg_by_region_date.parquet' (FORMAT parquet);
