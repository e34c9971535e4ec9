# Luoshi: the two commands of the README, and the checks behind them.
.PHONY: run test lint bench venv

run:        ## set up everything and run web + Celery worker + beat with demo data
	bash bin/run

test:       ## the whole test suite on PostgreSQL + Redis (starts or installs them if needed)
	bash bin/test

lint:       ## ruff, Django system checks, migrations in sync
	bash bin/lint

venv:
	bash bin/venv requirements-dev.txt
