/**
 * Names of four language groups of Zambia, which the demo country resembles. Many Bantu given names are given to
 * girls and boys alike (Mwansa, Chanda, Bwalya, Chikondi), so they appear in both lists; many are family names too
 * (Mulenga, Chanda), which is what makes given and family names swapped so hard to see in these registers. Tonga
 * names keep their long vowels (Mweemba, Choolwe), which clerks often write short.
 */
import { words, type NameList } from './name-list.js';

export const BEMBA: NameList = {
  language: 'bemba',
  female: words(`
    Mwansa Chanda Mutale Bwalya Mulenga Musonda Chileshe Mapalo Bupe Mwila Ngosa Kasonde Chilufya Mwape
    Namwinga Mwenya Kunda Chisanga Mwaka Chibwe
  `),
  male: words(`
    Mwansa Chanda Mulenga Bwalya Mutale Musonda Chileshe Kalaba Kapambwe Chola Mumba Mwila Kasonde Ngosa
    Chilufya Mwape Chibwe Mwenya Chisanga Kunda Mukuka Kangwa Kabwe
  `),
  family: words(`
    Mulenga Chanda Bwalya Mwansa Mutale Musonda Mumba Kabwe Chileshe Kasonde Mwila Chilufya Mwape Chisanga
    Mubanga Chola Mpundu Katongo Chishimba Mukuka Kangwa Chomba Mwamba Chama Kalunga Mwenya Kunda Chibuye
    Kapambwe Sichone
  `),
};

export const NYANJA: NameList = {
  language: 'nyanja',
  female: words(`
    Chikondi Chisomo Thandiwe Tiyamike Mphatso Tamanda Madalitso Chimwemwe Thokozani Pemphero Takondwa Dalitso
    Yamikani Tawonga Ulemu Alinafe Tadala Chifundo
  `),
  male: words(`
    Chikondi Mphatso Chisomo Kondwani Limbani Thokozani Madalitso Dalitso Tiyamike Chimwemwe Yamikani Takondwa
    Ulemu Tawonga Alinafe Mayeso Chifundo
  `),
  family: words(`
    Banda Phiri Mwale Tembo Zulu Lungu Daka Sakala Ngoma Mbewe Nyirenda Mvula Soko Chirwa Nkhata Kaunda Zimba
    Jere Mwanza Ng'andu Kalinda Chulu Nkhoma Mtonga Njobvu
  `),
};

export const TONGA: NameList = {
  language: 'tonga',
  female: words(`
    Mutinta Choolwe Luyando Chipego Twaambo Nchimunya Lushomo Lweendo Miyoba Chilala
  `),
  male: words(`
    Mweemba Cheelo Choolwe Nchimunya Lweendo Twaambo Luyando Muchimba Miyoba Chilala
  `),
  family: words(`
    Mudenda Hichilema Mweemba Moonga Muleya Munsaka Hang'ombe Siamwiinga Cheelo Simweemba Syakalima Hamoonga
    Mainza Muchimba Nchimunya Siachitema
  `),
};

export const LOZI: NameList = {
  language: 'lozi',
  female: words(`
    Namakau Inonge Nalukui Sepiso Nasilele Mwangala Inutu Namukolo Liseli Nawa
  `),
  male: words(`
    Mukela Mubita Lubinda Mwiya Sililo Simasiku Muyunda Kalaluka Mutumba Akapelwa Imasiku Nawa Sitali Mubiana
  `),
  family: words(`
    Mubita Sitali Lubinda Mukela Inambao Liswaniso Imasiku Muyunda Nawa Kalaluka Mutumba Akapelwa Mwiya Sililo
    Simasiku Mubiana Nalumino Mundia Wamunyima
  `),
};
