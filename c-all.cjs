require('node:crypto');require('node:util');require('node:fs/promises');require('node:net');require('node:os');require('node:fs');require('content-disposition');require('better-sqlite3');
