-- Transform: the same logic as transform.yml, as one DuckDB script.
CREATE TEMP TABLE enriched AS
  SELECT *, amount * value / 100 AS revenue, year(date) AS year, month(date) AS month,
         CASE WHEN amount >= 5000 THEN 'high' ELSE 'low' END AS band
  FROM read_csv('${data}/orders.csv')
  WHERE amount > 0 AND value > 0;
COPY (
  SELECT category, year, month, sum(revenue) AS revenue_sum, avg(revenue) AS revenue_mean, max(value) AS value_max
  FROM enriched WHERE year >= 2022
  GROUP BY category, year, month
  ORDER BY year, month, category
) TO '${out}/transform_months.parquet' (FORMAT parquet);
COPY (
  SELECT region, band, avg(score) AS score_mean, max(score) AS score_max, sum(revenue) AS revenue_sum, count(id) AS id_count
  FROM (SELECT *, ln(amount + 1) * sqrt(value) AS score FROM enriched)
  GROUP BY region, band
  ORDER BY region, band
) TO '${out}/transform_bands.parquet' (FORMAT parquet);
COPY (
  SELECT id, category, region, revenue AS top_revenue, date
  FROM enriched ORDER BY revenue DESC, id ASC LIMIT 1000
) TO '${out}/transform_top.parquet' (FORMAT parquet);
