-- swift-batch schema version 14: which launches hold a slot of their platform's concurrency limit.
-- A composed task's runner only waits for its children, each launched through the server and
-- each holding a slot of its own. Had the runner held one too, runners could take every slot and
-- wait for ever for children that find none (at a limit of 1, any composed task). Its launch is
-- recorded with HOLDS_SLOT = 0; every other launch holds one, as before this version.
-- Never edit this file after release.

ALTER TABLE SB_TASK_LAUNCH ADD COLUMN HOLDS_SLOT INTEGER NOT NULL DEFAULT 1;
