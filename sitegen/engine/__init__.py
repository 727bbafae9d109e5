"""Running the stages at scale: the worker pool, the cache, the output folder and its swap."""
