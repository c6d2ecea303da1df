"""Property goes home: found, lost and stolen property matched at filing time and returned."""
