"""Public statistics of the platform and of each municipality (/statistics and
/api/v1/statistics): challenges run, proposals by participant kind, money awarded, pilots and
their outcomes, time from publication to pilot. At the top of the domain order: it reads
challenges, submissions, pilots."""
