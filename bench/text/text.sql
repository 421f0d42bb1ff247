-- Text-heavy data: the same logic as text.yml, as one DuckDB script.
-- ${data} and ${out} are replaced by bench/peers.ts before it runs.
CREATE TABLE people AS SELECT * FROM read_csv('${data}/people.csv');
COPY (SELECT * FROM people ORDER BY email) TO '${out}/text_sorted.csv' (HEADER);
COPY (SELECT * FROM people WHERE email < 'user2') TO '${out}/text_early.csv' (HEADER);
COPY (
  SELECT name, sum(spend) AS spend_sum, count(spend) AS spend_count FROM people GROUP BY name ORDER BY name
) TO '${out}/text_names.csv' (HEADER);
