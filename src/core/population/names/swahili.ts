/**
 * Swahili names of the East African coast and Tanzania, with the Arabic names in their Swahili forms (Rashidi,
 * Selemani, Mariamu); the family list includes common Tanzanian and Kenyan surnames of other languages (Chagga,
 * Kikuyu, Luo), as a register there would hold them.
 */
import { words, type NameList } from './name-list.js';

export const SWAHILI: NameList = {
  language: 'swahili',
  female: words(`
    Neema Rehema Amani Imani Zawadi Upendo Furaha Pendo Asha Saida Mwajuma Mwanaisha Zuhura Subira Tumaini
    Nuru Aziza Sikudhani Saumu Tatu Mwanahawa Faraja Nasra Shani Mariamu Fatuma Bahati
  `),
  male: words(`
    Baraka Juma Hamisi Athumani Rashidi Bakari Omari Hamadi Ramadhani Shabani Mussa Idi Hassani Selemani Issa
    Jabari Kassim Mbaraka Kheri Faraji Zuberi Makame Ally Haji Msafiri Amani Tumaini Bahati Riziki
  `),
  family: words(`
    Juma Hamisi Mushi Massawe Kimaro Swai Lyimo Mrema Shirima Mollel Mwakyusa Mwakalinga Mwangi Otieno Kamau
    Njoroge Ochieng Odhiambo Onyango Mutua Mwita Chacha Komba Mbwambo Magesa Mohamedi Athumani Ramadhani
  `),
};
