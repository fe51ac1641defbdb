-- Which session a barring job acts with, and which instance runs it: when that instance dies (its heartbeat
-- stops), another takes the job over with the same session, read from the shared session store.
ALTER TABLE barring_jobs ADD COLUMN runner_session TEXT;
ALTER TABLE barring_jobs ADD COLUMN runner_instance TEXT;
