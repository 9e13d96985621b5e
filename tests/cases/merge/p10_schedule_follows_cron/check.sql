SELECT EXISTS (SELECT 1 FROM schedules.jobs WHERE name = 'p10job')
SELECT EXISTS (SELECT 1 FROM cron.job WHERE jobname = 'p10job')
