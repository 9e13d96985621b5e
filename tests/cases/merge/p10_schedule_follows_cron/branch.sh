$G schedules create p10job --cron '*/5 * * * *' --sql 'SELECT 1' $T
