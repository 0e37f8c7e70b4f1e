/* Docket overview map: Leaflet without tiles, circle markers by attack type, simple grid clustering.
   Everything comes from this site (/api/map, /api/cases, /api/outlines); no inline script, no innerHTML
   with data from the reports (popup content is built with textContent). */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var CELL = 44; // px: locations closer than this on screen are grouped
  var map = L.map(el, { preferCanvas: false, worldCopyJump: false, attributionControl: true, keyboard: true });
  map.attributionControl.setPrefix(false);
  map.setView([35.0, 38.5], 6);
  var layer = L.layerGroup().addTo(map);
  var palette = { attack_type: {}, none: "#555" };
  var points = [];

  function radius(p) { return Math.min(28, 5 + Math.sqrt((p.killed || 0) + (p.injured || 0)) * 1.6); }
  // a figure no report stated is "not stated", never 0
  function figure(n, what) { return n === null || n === undefined ? what + " not stated" : what + " " + n; }
  // tooltips and labels are DOM nodes filled with textContent: a place name is never read as HTML
  function textNode(s, cls) {
    var span = document.createElement("span");
    if (cls) { span.className = cls; }
    span.textContent = s;
    return span;
  }
  function colour(p) { return (p.attack && palette.attack_type[p.attack]) || palette.none; }

  function popupFor(p) {
    var box = document.createElement("div");
    var h = document.createElement("strong");
    h.textContent = (p.place || "place") + ": " + p.n + (p.n === 1 ? " case" : " cases");
    box.appendChild(h);
    var info = document.createElement("div");
    info.textContent = figure(p.killed, "killed") + ", " + figure(p.injured, "injured") + (p.attack ? " · mostly " + p.attack.replace(/_/g, " ") : "");
    box.appendChild(info);
    var list = document.createElement("ul");
    list.className = "popup-list";
    box.appendChild(list);
    var sep = el.dataset.cases.indexOf("?") >= 0 ? "&" : "?";
    fetch(el.dataset.cases + sep + "limit=10&at=" + encodeURIComponent(p.lat + "," + p.lon), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        (data.cases || []).forEach(function (c) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = "/cases/" + encodeURIComponent(c.id);
          var k = (c.casualties || []).filter(function (x) { return x.outcome === "killed"; })[0];
          a.textContent = (c.date && c.date.start ? c.date.start : "undated") + (k && k.best != null ? " · " + k.best + " killed" : "");
          li.appendChild(a);
          list.appendChild(li);
        });
        if (data.total > 10) {
          var more = document.createElement("li");
          more.textContent = "… and " + (data.total - 10) + " more";
          list.appendChild(more);
        }
      });
    return box;
  }

  // the view fits where most cases are: a point far from the median of all (one case in another country) stays on
  // the map but does not shrink the rest to a corner
  function coreBounds(pts) {
    function median(v) { v = v.slice().sort(function (a, b) { return a - b; }); return v[Math.floor(v.length / 2)]; }
    var mlat = median(pts.map(function (p) { return p.lat; })), mlon = median(pts.map(function (p) { return p.lon; }));
    var dist = pts.map(function (p) { return Math.max(Math.abs(p.lat - mlat), Math.abs(p.lon - mlon)); });
    var limit = Math.max(4, 4 * median(dist));
    var core = pts.filter(function (p, i) { return dist[i] <= limit; });
    return L.latLngBounds((core.length ? core : pts).map(function (p) { return [p.lat, p.lon]; }));
  }

  var labelled = [];
  function draw() {
    layer.clearLayers();
    labelled = points.slice().sort(function (a, b) { return b.n - a.n; }).slice(0, 8);
    el.dataset.zoom = String(map.getZoom());
    var cells = {};
    points.forEach(function (p) {
      var pt = map.latLngToLayerPoint([p.lat, p.lon]);
      var key = Math.floor(pt.x / CELL) + ":" + Math.floor(pt.y / CELL);
      (cells[key] = cells[key] || []).push(p);
    });
    Object.keys(cells).forEach(function (key) {
      var group = cells[key];
      if (group.length === 1) {
        var p = group[0];
        var m = L.circleMarker([p.lat, p.lon], { radius: radius(p), color: "#222", weight: 1, fillColor: colour(p), fillOpacity: 0.75 });
        m.bindPopup(function () { return popupFor(p); });
        var big = labelled.indexOf(p) >= 0;
        m.bindTooltip(textNode((p.place || "place") + (big ? "" : " (" + p.n + ")"), big ? "map-label" : "map-tip"),
                      big ? { permanent: true, direction: "right", className: "place-label" } : {});
        layer.addLayer(m);
        return;
      }
      var lat = 0, lon = 0, n = 0;
      group.forEach(function (g) { lat += g.lat * g.n; lon += g.lon * g.n; n += g.n; });
      var size = Math.min(54, 24 + Math.log(n) * 5);
      var icon = L.divIcon({ className: "cluster-icon", html: String(n), iconSize: [size, size] });
      var c = L.marker([lat / n, lon / n], { icon: icon, keyboard: true, title: n + " cases in " + group.length + " places: zoom in" });
      c.on("click", function () {
        var b = L.latLngBounds(group.map(function (g) { return [g.lat, g.lon]; }));
        map.fitBounds(b.pad(0.5), { maxZoom: map.getZoom() + 3 });
      });
      layer.addLayer(c);
    });
  }

  function load() {
    fetch("/static/palette.json").then(function (r) { return r.json(); }).then(function (pal) {
      palette = pal;
      return fetch(el.dataset.api, { credentials: "same-origin" });
    }).then(function (r) { return r.json(); }).then(function (data) {
      points = data.points || [];
      el.dataset.points = String(points.length);
      if (points.length) {
        map.invalidateSize();
        map.fitBounds(coreBounds(points).pad(0.2), { maxZoom: 10, animate: false });
      }
      draw();
      el.dataset.ready = "yes";
    }).catch(function () { el.dataset.ready = "error"; });
    if (el.dataset.outlines) {
      fetch("/api/outlines").then(function (r) { return r.ok ? r.json() : null; }).then(function (gj) {
        if (gj) {
          L.geoJSON(gj, { style: { color: "#6b7785", weight: 1, fill: false }, interactive: false }).addTo(map);
          var src = gj.docket_source || {};
          // Leaflet takes HTML here: escape the text, which comes from the imported file's name
          var credit = String(src.attribution || "Boundaries: see the outline file's licence").replace(/[&<>"']/g,
            function (c) { return "&#" + c.charCodeAt(0) + ";"; });
          map.attributionControl.addAttribution(credit);
        }
      });
    }
  }
  map.on("zoomend", draw);
  load();
})();
