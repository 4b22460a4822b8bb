// Reload a job's page every few seconds while the job waits or runs, so its progress shows.
setTimeout(function () { window.location.reload(); }, 3000);
