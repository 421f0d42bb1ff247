-- Multi-Join: the same logic as multi_join.yml, as one DuckDB script.
COPY (
  WITH orders_cat AS (
    SELECT o.*, c.department, c.margin
    FROM read_csv('${data}/orders.csv') o JOIN read_csv('${data}/categories.csv') c USING (category)
  ),
  fast_shipments AS (
    SELECT * FROM read_csv('${data}/shipments.csv') WHERE ship_days <= 7
  ),
  shipped AS (
    SELECT o.*, s.carrier, s.ship_cost, s.ship_days FROM orders_cat o JOIN fast_shipments s USING (id)
  )
  SELECT department, carrier,
         sum(amount) AS amount_sum, sum(ship_cost) AS ship_cost_sum, avg(ship_cost) AS ship_cost_mean,
         avg(ship_days) AS ship_days_mean, count(id) AS id_count
  FROM shipped
  GROUP BY department, carrier
  ORDER BY department, carrier
) TO '${out}/multi_join_summary.parquet' (FORMAT parquet);
