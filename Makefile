# Luoshi: the two commands of the README, and the checks behind them.
.PHONY: run test lint bench venv fuzz load faults train-detector

run:        ## set up everything and run web + Celery worker + beat with demo data
	bash bin/run

test:       ## the whole test suite on PostgreSQL + Redis (starts or installs them if needed)
	bash bin/test

lint:       ## ruff, Django system checks, migrations in sync
	bash bin/lint

venv:
	bash bin/venv requirements-dev.txt

bench:      ## every benchmark under bench/ (each on its own database), each figure against its goal
	bash bin/venv requirements-dev.txt
	bash bin/services postgres redis
	.venv/bin/python bench/run_all.py

fuzz:       ## hypothesis over importers and extractor with a long budget (CI runs a short one)
	bash bin/venv requirements-dev.txt
	bash bin/services postgres redis
	LUOSHI_FUZZ_EXAMPLES=$${LUOSHI_FUZZ_EXAMPLES:-2000} .venv/bin/pytest tests/fuzz -p no:cacheprovider

load:       ## gunicorn on 127.0.0.1: 50-user closed loop, open-model capacity sweep vs the floor view, lost-update check (~5 min)
	bash bin/venv requirements-dev.txt
	bash bin/services postgres redis
	.venv/bin/python bench/load.py

faults:     ## Redis down, PostgreSQL restarted, worker killed (private servers, never the shared ones)
	bash bin/venv requirements-dev.txt
	bash bin/services postgres redis
	for script in bench/faults_*.py; do .venv/bin/python $$script || exit 1; done

train-detector:  ## retrain the sentence detector on ../shared/eval, print its held-out figures
	bash bin/venv requirements-train.txt
	.venv/bin/python manage.py train_detector --evaluate
