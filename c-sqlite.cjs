require('better-sqlite3');
