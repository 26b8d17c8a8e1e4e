// Synced players for pro mode: one control (play, pause, seek) drives every <video data-sync-group="G">.
// The first player of a group leads; a 10 Hz tick pulls the others back to it when they drift,
// and keeps the group's slider (<input data-sync-seek="G">) and time label (data-sync-time="G") current.
(function () {
  if (window.proSync) return;
  var DRIFT = 0.06; // seconds a follower may be off before it is pulled back

  function players(group) {
    return Array.prototype.slice.call(document.querySelectorAll('video[data-sync-group="' + group + '"]'));
  }
  function clampTime(v, t) {
    var d = v.duration;
    return isFinite(d) && d > 0 ? Math.max(0, Math.min(t, d - 0.01)) : Math.max(0, t);
  }
  function fmt(t) {
    if (!isFinite(t)) t = 0;
    return t.toFixed(1) + " s";
  }
  var api = {
    players: players,
    play: function (group) {
      var vs = players(group);
      if (!vs.length) return;
      var t = vs[0].ended ? 0 : vs[0].currentTime;
      vs.forEach(function (v) {
        v.muted = true;
        v.currentTime = clampTime(v, t);
      });
      vs.forEach(function (v) {
        var p = v.play();
        if (p && p.catch) p.catch(function () {});
      });
    },
    pause: function (group) {
      var vs = players(group);
      vs.forEach(function (v) {
        v.pause();
      });
      api.align(group);
    },
    toggle: function (group) {
      var vs = players(group);
      if (!vs.length) return;
      if (vs[0].paused) api.play(group);
      else api.pause(group);
    },
    restart: function (group) {
      api.seek(group, 0);
    },
    seek: function (group, t) {
      players(group).forEach(function (v) {
        v.currentTime = clampTime(v, t);
      });
    },
    align: function (group) {
      var vs = players(group);
      if (vs.length < 2) return;
      var t = vs[0].currentTime;
      vs.slice(1).forEach(function (v) {
        if (Math.abs(v.currentTime - t) > 0.01) v.currentTime = clampTime(v, t);
      });
    },
    times: function (group) {
      return players(group).map(function (v) {
        return v.currentTime;
      });
    },
  };

  function groups() {
    var seen = {};
    document.querySelectorAll("video[data-sync-group]").forEach(function (v) {
      seen[v.getAttribute("data-sync-group")] = true;
    });
    return Object.keys(seen);
  }

  setInterval(function () {
    groups().forEach(function (group) {
      var vs = players(group);
      if (!vs.length) return;
      var lead = vs[0];
      vs.slice(1).forEach(function (v) {
        if (lead.paused && !v.paused) v.pause();
        if (!lead.paused && v.paused && !v.ended && !lead.ended) {
          var p = v.play();
          if (p && p.catch) p.catch(function () {});
        }
        if (!v.seeking && Math.abs(v.currentTime - lead.currentTime) > DRIFT) {
          v.currentTime = clampTime(v, lead.currentTime);
        }
      });
      document.querySelectorAll('input[data-sync-seek="' + group + '"]').forEach(function (r) {
        if (isFinite(lead.duration) && lead.duration > 0) r.max = String(lead.duration);
        if (document.activeElement !== r) r.value = String(lead.currentTime);
      });
      document.querySelectorAll('[data-sync-time="' + group + '"]').forEach(function (el) {
        el.textContent = fmt(lead.currentTime) + " / " + fmt(lead.duration);
      });
      document.querySelectorAll('[data-sync-action="toggle"][data-sync-group="' + group + '"]').forEach(
        function (b) {
          b.setAttribute("data-playing", lead.paused ? "false" : "true");
        }
      );
    });
  }, 100);

  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-sync-action]");
    if (!b) return;
    var action = b.getAttribute("data-sync-action");
    if (api[action]) api[action](b.getAttribute("data-sync-group"));
  });
  document.addEventListener("input", function (e) {
    var r = e.target;
    if (!r || !r.getAttribute || !r.getAttribute("data-sync-seek")) return;
    api.seek(r.getAttribute("data-sync-seek"), parseFloat(r.value) || 0);
  });
  window.proSync = api;
})();
